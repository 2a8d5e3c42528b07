package io.cachet.jcache;

import java.util.function.Consumer;
import javax.cache.processor.EntryProcessor;

/**
 * One run of an {@link EntryProcessor} on one key, as a decision: the processor works on a
 * {@link ProcessedEntry}, and the net operation its calls add up to is what the cache then does.
 */
final class ProcessorInvocation<K, V, T> {
  private final K key;
  private final EntryProcessor<K, V, T> processor;
  private final Object[] arguments;
  private final EntryLoader<K, V> readThrough;
  private final Consumer<V> valueTypeCheck;
  private T result;

  /** @param valueTypeCheck throws ClassCastException for a value the cache does not take */
  ProcessorInvocation(K key, EntryProcessor<K, V, T> processor, Object[] arguments, EntryLoader<K, V> readThrough,
      Consumer<V> valueTypeCheck) {
    this.key = key;
    this.processor = processor;
    this.arguments = arguments;
    this.readThrough = readThrough;
    this.valueTypeCheck = valueTypeCheck;
  }

  /** Runs the processor on the live value (or null) and returns what it decided. */
  Decision<V> decide(V existing) {
    ProcessedEntry<K, V> entry = new ProcessedEntry<>(key, existing, readThrough);
    try {
      result = processor.process(entry, arguments);
    } catch (Exception e) {
      throw JsrExceptions.processor(e);
    }
    return switch (entry.operation()) {
      case NONE -> Decision.keep();
      case ACCESS -> Decision.access();
      case LOAD -> Decision.load(entry.value());
      case CREATE, UPDATE -> {
        valueTypeCheck.accept(entry.value());
        yield Decision.put(entry.value());
      }
      case REMOVE -> Decision.remove();
    };
  }

  /** What the processor returned. */
  T result() {
    return result;
  }
}
