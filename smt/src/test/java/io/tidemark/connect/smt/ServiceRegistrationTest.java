package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.smt.docs.ConfigReference;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;

/** KIP-898: the worker discovers plugins through these service files. */
class ServiceRegistrationTest {

  @Test
  @SuppressWarnings({"rawtypes"})
  void everyDocumentedPluginIsRegisteredAndLoadable() {
    List<String> transforms = new ArrayList<>();
    for (Transformation t : ServiceLoader.load(Transformation.class)) {
      transforms.add(t.getClass().getName());
      assertThat(t.config()).isNotNull();
    }
    List<String> predicates = new ArrayList<>();
    for (Predicate p : ServiceLoader.load(Predicate.class)) {
      predicates.add(p.getClass().getName());
      assertThat(p.config()).isNotNull();
    }
    List<String> expectedTransforms = new ArrayList<>();
    List<String> expectedPredicates = new ArrayList<>();
    for (ConfigReference.Entry e : ConfigReference.ENTRIES) {
      (e.kind().equals("Predicate") ? expectedPredicates : expectedTransforms).addAll(e.classes());
    }
    assertThat(transforms).containsExactlyInAnyOrderElementsOf(expectedTransforms);
    assertThat(predicates).containsExactlyInAnyOrderElementsOf(expectedPredicates);
  }
}
