package io.tweestap.e2e.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every check of a render, its problems in one list (empty: the manifests are fine). */
public final class KubernetesManifests {

    private KubernetesManifests() {
    }

    public static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        problems.addAll(TypedModels.problems(rendered));
        problems.addAll(WorkloadReferences.problems(rendered));
        problems.addAll(OperatorReferences.problems(rendered));
        problems.addAll(NetworkPaths.problems(rendered));
        problems.addAll(PublicPaths.problems(rendered));
        problems.addAll(KafkaAclContract.problems(rendered));
        return problems;
    }

    /**
     * The prod overlay with components/postgres-backup switched on, as an operator would: a
     * kustomization written under e2e/target (kustomize takes only relative paths) and rendered.
     */
    public static Rendered prodWithBackups() {
        Path directory = Rendered.ROOT.resolve("e2e/target/k8s-prod-with-backups");
        Path k8s = Rendered.ROOT.resolve("deploy/k8s");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("kustomization.yaml"), String.join("\n",
                    "apiVersion: kustomize.config.k8s.io/v1beta1",
                    "kind: Kustomization",
                    "resources:",
                    "  - " + directory.relativize(k8s.resolve("overlays/prod")),
                    "components:",
                    "  - " + directory.relativize(k8s.resolve("components/postgres-backup")),
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Rendered.of("overlays/prod + components/postgres-backup", directory);
    }
}
