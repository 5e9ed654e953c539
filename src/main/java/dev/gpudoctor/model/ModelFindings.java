package dev.gpudoctor.model;

import java.util.List;

/** Every code model inspect and model check (with --build) can raise: docs/findings.md lists exactly these with the rules' own. */
public final class ModelFindings {

    public static final List<String> CODES = List.of(
            TensorrtChecks.OPERATOR, TensorrtChecks.OPSET, TensorrtChecks.UNLISTED, TensorrtChecks.RESTRICTED,
            TensorrtChecks.OTHER_DOMAIN, TensorrtChecks.NO_TABLE, TensorrtChecks.NOT_FOUND,
            OnnxSummaries.EXTERNAL_MISSING, OnnxSummaries.EXTERNAL_SHORT, OnnxSummaries.EXTERNAL_OUTSIDE, OnnxSummaries.WEIGHT_SIZE,
            TfSummaries.PB_ALONE, TfSummaries.NO_VARIABLES, TfSummaries.NOT_FROZEN, TfSummaries.NO_OUTPUTS,
            ModelBuild.PASSED, ModelBuild.FAILED, ModelBuild.NOT_POSSIBLE);

    private ModelFindings() {
    }
}
