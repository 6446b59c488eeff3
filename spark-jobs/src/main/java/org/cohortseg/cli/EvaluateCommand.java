package org.cohortseg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cohortseg.measure.DiceScores;
import org.cohortseg.nifti.NiftiReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cohortseg evaluate}: Dice per class between a prediction and the ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Dice per class (absent in both: excluded) and the mean, between two label maps on one grid.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ReadLimitsMixin limits;

    @Option(names = "--pred", required = true, description = "Predicted label map.")
    Path pred;

    @Option(names = "--truth", required = true, description = "Ground-truth label map.")
    Path truth;

    @Mixin
    LabelsMixin labels;

    @Option(names = "--json", required = true, description = "Output dice.json.")
    Path json;

    @Override
    public Integer call() throws Exception {
        NiftiReader reader = limits.reader();
        DiceScores d = DiceScores.of(reader.read(pred), reader.read(truth), labels.load());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mean_dice", Double.isNaN(d.mean()) ? null : d.mean());
        out.put("per_class", d.perLabel());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
        System.out.printf(Locale.ROOT, "mean Dice %.4f over %d classes%n", d.mean(),
                d.perLabel().values().stream().filter(java.util.Objects::nonNull).count());
        return 0;
    }
}
