package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetOption.Scope;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The registry's declarations agree with what the typed API and the parsers do with them. */
class OptionRegistryTest {

  @Test
  void everyCacheScopedOption_hasAGetterOnCachetConfigurationThatReadsIt() throws Exception {
    List<String> missing = new ArrayList<>();
    for (CachetOption<?> option : CachetOptions.all()) {
      if (option.scope() != Scope.CACHE) {
        continue;
      }
      String name = option.name();
      Method getter;
      try {
        getter = CachetConfiguration.class.getMethod("get" + Character.toUpperCase(name.charAt(0))
            + name.substring(1));
      } catch (NoSuchMethodException e) {
        missing.add(name);
        continue;
      }
      assertEquals(option == CachetOptions.ALLOWED_CLASSES ? List.of() : null,
          getter.invoke(new CachetConfiguration<>()), name + " is unset on a new configuration");
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyDocumentedDefault_parsesToTheDeclaredDefault() {
    for (CachetOption<?> option : CachetOptions.all()) {
      if (option.defaultValue() == null || option.defaultValue() instanceof List) {
        continue; // root and class patterns: their defaults are described, not spelt as a value
      }
      String text = option.defaultText().replace("`", "");
      assertEquals(option.defaultValue(), option.parse(text), option.name());
    }
  }

  @Test
  void choices_parseWhateverTheirCaseAndSpacing_andNameTheChoicesOtherwise() {
    assertEquals(ReplayDetection.SHARED, CachetOptions.REPLAY_DETECTION.parse(" Shared "));
    assertEquals("full", CachetOptions.DURABILITY.parse("FULL"));
    InvalidOptionValue invalid = assertThrows(InvalidOptionValue.class,
        () -> CachetOptions.ON_CORRUPT_DATABASE.parse("repair"));
    assertEquals("must be 'fail' or 'quarantine'", invalid.requirement());
  }

  @Test
  void cacheClassPatterns_addToTheManagers_whileOtherCacheValuesReplaceThem() {
    assertEquals(List.of("a.*", "b.*"), CachetOptions.ALLOWED_CLASSES.overlay(List.of("a.*"), List.of("b.*")));
    assertEquals(7L, CachetOptions.MAX_ENTRIES.overlay(3L, 7L));
  }

  @Test
  void optionNames_areUniqueAndCamelCase_andDottedOnlyInABackendsNamespace() {
    List<String> names = CachetOptions.all().stream().map(CachetOption::name).toList();
    assertEquals(names.stream().distinct().toList(), names);
    for (String name : names) {
      assertEquals(name.substring(0, 1).toLowerCase(Locale.ROOT), name.substring(0, 1), name);
      assertTrue(name.indexOf('.') < 0 || BackendOptions.isBackendKey(name),
          name + ": options outside postgresql.* and s3.* are undotted, so foreign dotted keys pass by");
    }
  }
}
