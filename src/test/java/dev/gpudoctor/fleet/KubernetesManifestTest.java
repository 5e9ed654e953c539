package dev.gpudoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gpudoctor.testing.Proc;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * docker/k8s/gpu-doctor.yaml read into the Kubernetes API's own types (fabric8's model, generated
 * from the API server's OpenAPI) with no field the API does not define and no number where the API
 * wants a string (the API server's decoder rejects both), then checked for what the API server's
 * validation and a working deployment need: the selector matches the pod, every mount has its
 * volume, the service account and its role exist and grant only what the script uses, the image's
 * launcher is where docker/Dockerfile puts it.
 */
class KubernetesManifestTest {

    static final Path MANIFEST = Path.of("docker/k8s/gpu-doctor.yaml");
    /** Kubernetes' DNS-1123 label (container, volume, port names). */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** A label key: an optional DNS subdomain prefix and a name of at most 63 characters. */
    static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    /** Reads like the API server: unknown fields and numbers given for strings are errors. */
    static final JsonMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    // fabric8 keeps unknown fields in a map "for forward compatibility": here they are errors.
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "apps/v1/DaemonSet", DaemonSet.class,
            "rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class,
            "rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class);

    static List<JsonNode> documents;
    static List<HasMetadata> objects;

    @BeforeAll
    static void read() throws Exception {
        documents = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(MANIFEST)).readAll();
        objects = new ArrayList<>();
        for (JsonNode d : documents) {
            objects.add(typed(d));
        }
    }

    static HasMetadata typed(JsonNode doc) {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> c = TYPES.get(type);
        if (c == null) {
            throw new AssertionError("no type for " + type + " in this test: add it to TYPES");
        }
        return STRICT.readValue(doc.toString(), c);
    }

    static <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    static DaemonSet daemonSet() {
        return one(DaemonSet.class);
    }

    static Container container(String name) {
        return daemonSet().getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
    }

    @Test
    void everyDocumentIsAnApiObjectOfKnownFieldsAndTypes() {
        assertThat(objects).extracting(o -> o.getKind()).containsExactly("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
                "ConfigMap", "DaemonSet");
        for (HasMetadata o : objects) {
            assertThat(o.getMetadata().getName()).as(o.getKind()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            assertThat(o.getMetadata().getLabels()).as(o.getKind()).containsEntry("app.kubernetes.io/name", "gpu-doctor");
            boolean namespaced = !(o instanceof Namespace || o instanceof ClusterRole || o instanceof ClusterRoleBinding);
            assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " namespace").isEqualTo(namespaced ? "gpu-doctor" : null);
        }
        assertThat(one(Namespace.class).getMetadata().getName()).isEqualTo("gpu-doctor");
    }

    /** The reader is strict for real: the mistakes a hand-edited manifest makes are caught. */
    @Test
    void theReaderRejectsAMisspelledFieldAndANumberForAString() throws Exception {
        ObjectNode misspelled = (ObjectNode) documents.get(5).deepCopy();
        ObjectNode pod = (ObjectNode) misspelled.path("spec").path("template").path("spec");
        pod.set("runtimeclassName", pod.remove("runtimeClassName"));
        assertThatThrownBy(() -> typed(misspelled)).hasMessageContaining("runtimeclassName");

        ObjectNode number = (ObjectNode) documents.get(5).deepCopy();
        ObjectNode interval = (ObjectNode) number.path("spec").path("template").path("spec").path("containers").path(0).path("env").path(2);
        assertThat(interval.path("name").asText()).isEqualTo("INTERVAL");
        interval.put("value", 300);
        assertThatThrownBy(() -> typed(number)).hasMessageContaining("value");

        ObjectNode nested = (ObjectNode) documents.get(5).deepCopy();
        ((ObjectNode) nested.path("spec").path("template").path("spec").path("containers").path(1).path("securityContext"))
                .put("readOnlyRootFileSystem", true);
        assertThatThrownBy(() -> typed(nested)).hasMessageContaining("readOnlyRootFileSystem");
    }

    @Test
    void theDaemonSetsSelectorMatchesItsPodAndEveryNameIsValid() {
        DaemonSet ds = daemonSet();
        Map<String, String> podLabels = ds.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(ds.getSpec().getSelector().getMatchLabels());
        for (HasMetadata o : objects) {
            o.getMetadata().getLabels().forEach((k, v) -> {
                assertThat(k).matches(LABEL_KEY);
                assertThat(v).matches(LABEL_VALUE);
            });
        }
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        Set<String> names = new HashSet<>();
        for (Container c : pod.getContainers()) {
            assertThat(c.getName()).matches(DNS_LABEL);
            assertThat(names.add(c.getName())).as("container names are unique").isTrue();
            assertThat(c.getImage()).isNotBlank();
            c.getEnv().forEach(e -> assertThat(e.getName()).matches("[A-Za-z_][A-Za-z0-9_]*"));
            Set<String> paths = new HashSet<>();
            c.getVolumeMounts().forEach(m -> assertThat(paths.add(m.getMountPath())).as(c.getName() + " mounts " + m.getMountPath() + " once").isTrue());
            Quantity request = c.getResources().getRequests().get("memory");
            Quantity limit = c.getResources().getLimits().get("memory");
            assertThat(Quantity.getAmountInBytes(request)).as(c.getName() + " memory request within its limit")
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
        }
    }

    @Test
    void everyMountHasItsVolumeAndEveryVolumeIsMounted() {
        PodSpec pod = daemonSet().getSpec().getTemplate().getSpec();
        Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        assertThat(volumes).hasSize(pod.getVolumes().size());
        Set<String> mounted = pod.getContainers().stream().flatMap(c -> c.getVolumeMounts().stream()).map(VolumeMount::getName)
                .collect(Collectors.toSet());
        assertThat(volumes).containsExactlyInAnyOrderElementsOf(mounted);
    }

    @Test
    void theServiceAccountMayPatchNodesAndNothingElse() {
        ServiceAccount sa = one(ServiceAccount.class);
        ClusterRole role = one(ClusterRole.class);
        ClusterRoleBinding binding = one(ClusterRoleBinding.class);
        assertThat(daemonSet().getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(sa.getMetadata().getName());
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(sa.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(sa.getMetadata().getNamespace());
        });
        assertThat(role.getRules()).singleElement().satisfies((PolicyRule r) -> {
            assertThat(r.getApiGroups()).containsExactly("");
            assertThat(r.getResources()).containsExactly("nodes");
            assertThat(r.getVerbs()).containsExactly("patch");
            assertThat(r.getResourceNames()).isNullOrEmpty();
        });
    }

    @Test
    void onlyThePublishContainerHoldsApiCredentials() {
        PodSpec pod = daemonSet().getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(one(ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
        Volume api = pod.getVolumes().stream().filter(v -> v.getProjected() != null).findFirst().orElseThrow();
        var sources = api.getProjected().getSources();
        assertThat(sources).filteredOn(s -> s.getServiceAccountToken() != null).singleElement()
                .satisfies(s -> assertThat(s.getServiceAccountToken().getPath()).isEqualTo("token"));
        assertThat(sources).filteredOn(s -> s.getConfigMap() != null).singleElement().satisfies(s -> {
            assertThat(s.getConfigMap().getName()).isEqualTo("kube-root-ca.crt");
            assertThat(s.getConfigMap().getItems()).singleElement().satisfies(i -> assertThat(i.getPath()).isEqualTo("ca.crt"));
        });
        for (Container c : pod.getContainers()) {
            boolean mounts = c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(api.getName()));
            assertThat(mounts).as(c.getName() + " mounts the token").isEqualTo(c.getName().equals("publish"));
        }
        VolumeMount m = container("publish").getVolumeMounts().stream().filter(v -> v.getName().equals(api.getName())).findFirst().orElseThrow();
        assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
        assertThat(m.getReadOnly()).isTrue();
        EnvVar node = container("publish").getEnv().stream().filter(e -> e.getName().equals("NODE_NAME")).findFirst().orElseThrow();
        assertThat(node.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    }

    @Test
    void theCheckReadsTheHostReadOnlyWithTheGpusOfTheNvidiaRuntime() throws Exception {
        PodSpec pod = daemonSet().getSpec().getTemplate().getSpec();
        assertThat(pod.getRuntimeClassName()).isEqualTo("nvidia");
        Container check = container("check");
        assertThat(env(check, "NVIDIA_VISIBLE_DEVICES")).isEqualTo("all");
        assertThat(check.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        VolumeMount host = check.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/host")).findFirst().orElseThrow();
        assertThat(host.getReadOnly()).isTrue();
        Volume hostVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(host.getName())).findFirst().orElseThrow();
        assertThat(hostVolume.getHostPath().getPath()).isEqualTo("/");
        assertThat(env(check, "GPU_DOCTOR_ARGS")).startsWith("--root /host");

        // The launcher path is the one docker/Dockerfile installs and makes the image's entry point.
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).contains("ENTRYPOINT [\"" + env(check, "GPU_DOCTOR") + "\"]");
        assertThat(check.getCommand()).startsWith("/bin/sh");

        // The textfile lands on the node, in the folder mounted from the host for node_exporter.
        String textfile = env(check, "TEXTFILE");
        VolumeMount tf = check.getVolumeMounts().stream().filter(m -> textfile.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
        Volume tfv = pod.getVolumes().stream().filter(v -> v.getName().equals(tf.getName())).findFirst().orElseThrow();
        assertThat(tfv.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        assertThat(tf.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void bothContainersRunTheScriptOfTheConfigMapAndShareTheLabelsFile() {
        ConfigMap cm = one(ConfigMap.class);
        PodSpec pod = daemonSet().getSpec().getTemplate().getSpec();
        Volume script = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow();
        assertThat(script.getConfigMap().getName()).isEqualTo(cm.getMetadata().getName());
        assertThat(script.getConfigMap().getDefaultMode()).isEqualTo(0555);
        String labels = env(container("check"), "LABELS_FILE");
        for (String name : List.of("check", "publish")) {
            Container c = container(name);
            VolumeMount m = c.getVolumeMounts().stream().filter(v -> v.getName().equals(script.getName())).findFirst().orElseThrow();
            String file = c.getCommand().get(1);
            assertThat(file).startsWith(m.getMountPath() + "/");
            assertThat(cm.getData()).containsKey(file.substring(m.getMountPath().length() + 1));
            assertThat(c.getCommand().get(2)).isEqualTo(name);
            assertThat(env(c, "LABELS_FILE")).isEqualTo(labels);
            assertThat(c.getVolumeMounts()).anySatisfy(v -> assertThat(labels).startsWith(v.getMountPath() + "/"));
        }
    }

    @Test
    void itRunsOnGpuNodesAsGpuFeatureDiscoveryDoes() {
        PodSpec pod = daemonSet().getSpec().getTemplate().getSpec();
        var terms = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        assertThat(terms).flatExtracting(t -> t.getMatchExpressions()).extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
                .containsExactlyInAnyOrder("feature.node.kubernetes.io/pci-10de.present In [true]", "nvidia.com/gpu.present In [true]");
        assertThat(pod.getTolerations()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
        });
    }

    @Test
    void theScriptIsShellcheckClean(@TempDir Path tmp) throws Exception {
        Path shellcheck = Proc.onPath("shellcheck");
        assumeTrue(shellcheck != null, "shellcheck is not installed (Debian: shellcheck)");
        Path script = Files.writeString(tmp.resolve("gpu-doctor-node.sh"), KubernetesNodeScriptTest.script());
        Proc r = Proc.run(List.of(shellcheck.toString(), "-s", "sh", script.toString()), Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }
}
