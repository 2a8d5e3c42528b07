package io.cachet.sealed;

import io.cachet.CachetOption;
import io.cachet.CachetOptions;
import io.cachet.OptionValues;
import java.util.List;

/** Builds {@link NamespaceOptions} for tests: Cachet's defaults, allowing this package's test classes. */
final class Options {
  private OptionValues values =
      OptionValues.defaults().with(CachetOptions.ALLOWED_CLASSES, List.of("io.cachet.sealed.**"));
  private IntegrityObserver observer = IntegrityObserver.NONE;

  static Options options() {
    return new Options();
  }

  static NamespaceOptions defaults() {
    return options().build();
  }

  <T> Options with(CachetOption<T> option, T value) {
    values = values.with(option, value);
    return this;
  }

  Options observer(IntegrityObserver value) {
    observer = value;
    return this;
  }

  NamespaceOptions build() {
    return new NamespaceOptions(values, observer);
  }
}
