package io.cachet.jcache;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** The outcome of one key's entry processor in {@code invokeAll}: a value or the failure to rethrow. */
final class ProcessorResult<T> implements EntryProcessorResult<T> {
  private final T value;
  private final EntryProcessorException failure;

  private ProcessorResult(T value, EntryProcessorException failure) {
    this.value = value;
    this.failure = failure;
  }

  static <T> ProcessorResult<T> of(T value) {
    return new ProcessorResult<>(value, null);
  }

  static <T> ProcessorResult<T> failed(Exception e) {
    EntryProcessorException failure = e instanceof EntryProcessorException epe
        ? epe : new EntryProcessorException(e);
    return new ProcessorResult<>(null, failure);
  }

  @Override
  public T get() {
    if (failure != null) {
      throw failure;
    }
    return value;
  }
}
