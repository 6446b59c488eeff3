package org.cohortseg.jobs;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.engine.ModelSessions;
import org.cohortseg.engine.SessionRegistry;

/** How a task gets its model's sessions: from the JVM's {@link SessionRegistry}, loading the model on first use. */
interface ModelSource extends Serializable {

    /** The open sessions for {@code options}. */
    ModelSessions sessions(EngineOptions options) throws IOException;

    /** A model the driver read and broadcast: executors fetch the bytes only when the registry lacks the model. */
    record Broadcasted(String identity, Broadcast<ModelBundle> bundle) implements ModelSource {
        @Override
        public ModelSessions sessions(EngineOptions options) throws IOException {
            return SessionRegistry.shared().open(identity, () -> bundle.value().load(), options);
        }
    }

    /**
     * A model named by each call (the segment_ct function): read from its location where it runs.
     * Its identity is remembered per location, so later calls find the open sessions without reading it.
     */
    record Located(String location, SerializableConfiguration conf) implements ModelSource {
        private static final Map<String, String> IDENTITY = new ConcurrentHashMap<>();

        @Override
        public ModelSessions sessions(EngineOptions options) throws IOException {
            String known = IDENTITY.get(location);
            if (known != null) {
                return SessionRegistry.shared().open(known, () -> ModelBundle.read(location, conf.value()).load(), options);
            }
            ModelBundle bundle = ModelBundle.read(location, conf.value());
            IDENTITY.put(location, bundle.identity());
            return SessionRegistry.shared().open(bundle.identity(), bundle::load, options);
        }
    }
}
