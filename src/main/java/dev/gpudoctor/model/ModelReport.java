package dev.gpudoctor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.report.Report;
import java.util.List;

/**
 * What {@code gpu-doctor model inspect|check --format json} prints: the model as read from its file,
 * the converter command where one applies, the TensorRT releases it was checked against, and the
 * findings. Its own schema, docs/model.schema.json, versioned by {@link #SCHEMA_VERSION}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "tool", "generatedAt", "model", "tensorrt", "build", "findings"})
public record ModelReport(int schemaVersion, Report.Tool tool, String generatedAt, Model model, List<TensorrtTarget> tensorrt,
                          Build build, List<Finding> findings) {

    public static final int SCHEMA_VERSION = 1;

    public ModelReport {
        findings = findings == null ? List.of() : List.copyOf(findings);
        tensorrt = tensorrt == null ? null : List.copyOf(tensorrt);
    }

    /** A report without an engine build (model inspect, model check without --build). */
    public ModelReport(int schemaVersion, Report.Tool tool, String generatedAt, Model model, List<TensorrtTarget> tensorrt,
                       List<Finding> findings) {
        this(schemaVersion, tool, generatedAt, model, tensorrt, null, findings);
    }

    /**
     * @param path   as given on the command line
     * @param file   the file read (a SavedModel folder's saved_model.pb)
     * @param bytes  the file's length
     * @param notes  what a person should know about the path (a saved_model.pb given alone, a misleading name)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String path, String file, ModelKind kind, long bytes, Onnx onnx, TensorFlow tensorflow,
                        Conversion conversion, List<String> notes) {
        public Model {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /**
     * An ONNX model's interface and contents.
     *
     * @param inputs            graph inputs that are not initializers
     * @param initializerInputs graph inputs that are initializers too (older exporters list weights as inputs)
     * @param nodes             nodes of the main graph
     * @param subgraphNodes     nodes inside If/Loop/Scan bodies, at any depth
     * @param operators         operator counts over the main graph and subgraphs, most used first
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Onnx(long irVersion, String producer, String producerVersion, List<Opset> opsets, List<Value> inputs,
                       List<Value> outputs, int initializerInputs, int nodes, int subgraphNodes, List<OperatorCount> operators,
                       List<String> localFunctions, Weights weights) {
        public Onnx {
            opsets = List.copyOf(opsets);
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            operators = List.copyOf(operators);
            localFunctions = List.copyOf(localFunctions);
        }
    }

    /** An opset import; domain "ai.onnx" is the default domain (written "" in the file). */
    public record Opset(String domain, long version) {
    }

    /**
     * A tensor of the interface.
     *
     * @param key   a SavedModel signature's key for it ("x"), else null
     * @param name  the tensor's name (TensorFlow: "node:0")
     * @param type  its element type ("float32"), or null where the file does not say
     * @param shape dimensions as text ("batch", "3", "?"), or null where the rank is unknown or not stated
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Value(String key, String name, String type, List<String> shape) {
        public Value {
            shape = shape == null ? null : List.copyOf(shape);
        }
    }

    /** How many nodes run one operator; domain "ai.onnx" is ONNX's default domain. */
    public record OperatorCount(String domain, String op, int count) {
        public String qualified() {
            return domain + "::" + op;
        }
    }

    /**
     * The initializers.
     *
     * @param bytes         inline and external together
     * @param externalFiles the files external data points at, each checked beside the model
     */
    public record Weights(int count, long bytes, long inlineBytes, long externalBytes, List<ExternalFile> externalFiles) {
        public Weights {
            externalFiles = List.copyOf(externalFiles);
        }
    }

    /**
     * @param bytesNeeded the largest offset + length of its tensors
     * @param bytesOnDisk the file's length, or null where it is missing
     * @param problem     what is wrong with it, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExternalFile(String location, int tensors, long bytesNeeded, Long bytesOnDisk, String problem) {
    }

    /**
     * A TensorFlow model: a SavedModel's meta graphs, or a frozen GraphDef's nodes.
     *
     * @param inputs  a GraphDef's Placeholders, or the chosen SavedModel signature's inputs
     * @param outputs a GraphDef's nodes nothing consumes, or the chosen signature's outputs
     * @param signature the SavedModel signature the inputs, outputs and command are for
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TensorFlow(Long savedModelSchemaVersion, List<MetaGraph> metaGraphs, String signature, List<Value> inputs,
                             List<Value> outputs, int nodes, int functions, List<OperatorCount> operators) {
        public TensorFlow {
            metaGraphs = metaGraphs == null ? null : List.copyOf(metaGraphs);
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            operators = List.copyOf(operators);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetaGraph(List<String> tags, String tensorflowVersion, int nodes, int functions, List<Signature> signatures) {
        public MetaGraph {
            tags = List.copyOf(tags);
            signatures = List.copyOf(signatures);
        }
    }

    public record Signature(String key, String method, List<Value> inputs, List<Value> outputs) {
        public Signature {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * The converter command for this model.
     *
     * @param argv        the command as separate arguments
     * @param command     the same as one shell line, quoted where needed
     * @param opset       null where no opset is given (the converter's own default applies)
     * @param opsetReason why this opset: the converter's default, or a TensorRT release's maximum
     * @param sources     where the opset facts come from
     */
    public record Conversion(String tool, List<String> argv, String command, Integer opset, String opsetReason,
                             List<String> sources) {
        public Conversion {
            argv = List.copyOf(argv);
            sources = List.copyOf(sources);
        }
    }

    /**
     * One TensorRT release the model was checked against.
     *
     * @param foundAt     where the version comes from ("--tensorrt", or the host's package or library)
     * @param table       the release whose operator table answered, or null where the matrix has none
     * @param tableConfirmed false for a table the matrix keeps unconfirmed: its answers are not raised as errors
     * @param opset       the model's default-domain opset
     * @param unsupported operators the table marks N
     * @param notListed   default-domain operators the table does not list
     * @param restricted  supported operators the table gives restrictions for
     * @param otherDomain operators of other domains (plugins or local functions)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TensorrtTarget(String tensorrt, String foundAt, String table, Boolean tableConfirmed, String source, String opsets,
                                 Long opset,
                                 Boolean opsetImported, List<String> unsupported, List<String> notListed,
                                 List<String> restricted, List<String> otherDomain) {
    }

    /**
     * What {@code model check --build} did with the host's TensorRT.
     *
     * @param result      passed | failed | timed-out | not-possible
     * @param route       the route that built (trtexec | python), null where none was available
     * @param tensorrt    the version the route reported, else the one the host's files state
     * @param buildMs     the builder's own time where the route says it, else the whole command's
     * @param command     the command as run
     * @param plan        where the plan was saved (--save-engine); null where it was deleted or none was built
     * @param tensorsFrom "plan" where the route read the tensors from the built engine, "model" where they are the
     *                    ONNX graph's interface (trtexec does not list them at build time)
     * @param failureKind the route's classification of the failure (ONNX_PARSE, OTHER, ...)
     * @param log         the last lines the route wrote, on failure
     * @param routes      every route considered, with why it was or was not available
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Build(String result, String precision, String route, String tool, String tensorrt, String device,
                        String computeCapability, Double buildMs, long timeoutMs, String command, String plan,
                        List<Value> inputs, List<Value> outputs, String tensorsFrom, String failureKind, String failure,
                        List<String> log, List<Route> routes) {
        public Build {
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
            log = log == null ? List.of() : List.copyOf(log);
            routes = routes == null ? List.of() : List.copyOf(routes);
        }
    }

    /** One way of building an engine, as considered for --build. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Route(String name, boolean available, boolean chosen, String path, String why) {
    }
}
