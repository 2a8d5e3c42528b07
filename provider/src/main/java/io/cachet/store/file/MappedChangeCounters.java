package io.cachet.store.file;

import io.cachet.store.ChangeCounters;
import io.cachet.store.OwnerOnly;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ChangeCounters} in the file {@code cachet.changes} of a root, mapped into the memory of every process
 * that opens the root, so that reading a counter costs a memory load and bumping one an atomic add.
 *
 * <p>The file starts with the shared generation sequence, in a {@link #HEADER_BYTES}-byte header; then each of
 * {@link #SLOTS} slots holds two counters: changes begun and changes ended. A slot whose counts differ
 * has a change under way. If the file is shortened under the mapping, the next access faults; the JVM reports
 * that as an {@link InternalError}, and the counters then stop giving current stamps in this process.
 */
public final class MappedChangeCounters implements ChangeCounters {
  /** The counters file under the root. */
  public static final String FILE = "cachet.changes";
  static final int SLOTS = 8192;
  private static final int SLOT_BYTES = 16;
  static final int HEADER_BYTES = 64;
  private static final int GENERATION = 0;
  static final int SIZE = HEADER_BYTES + SLOTS * SLOT_BYTES;
  private static final VarHandle COUNTS = MethodHandles.byteBufferViewVarHandle(long[].class,
      ByteOrder.nativeOrder());
  private static final System.Logger LOG = System.getLogger("io.cachet.store");

  private final Path path;
  private final MappedByteBuffer counts;
  private final AtomicBoolean broken = new AtomicBoolean();

  private MappedChangeCounters(Path path, MappedByteBuffer counts) {
    this.path = path;
    this.counts = counts;
  }

  /**
   * The counters of a root, creating their file (mode 0600) or growing a short one with zeros. A root whose file
   * cannot be opened or mapped (a read-only root, say) gets {@link ChangeCounters#NONE}, with a warning.
   *
   * @param root the real path of the root directory; the caller has checked the file is trusted if it exists
   */
  public static ChangeCounters open(Path root) {
    Path path = root.resolve(FILE);
    try (FileChannel channel = FileChannel.open(path, java.util.Set.of(StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS), OwnerOnly.file(path))) {
      if (channel.size() < SIZE) {
        // Past the end, so it extends the file with zeros and overwrites no counter another process uses.
        channel.write(ByteBuffer.allocate(1), SIZE - 1);
      }
      return new MappedChangeCounters(path, channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE));
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.WARNING, "Cannot use the change counters in " + path + " (" + e + "): this process keeps no "
          + "entries in memory (heap tier) and tells no other process of its changes");
      return NONE;
    }
  }

  /**
   * Sets every change counter to zero, only while no other process has the root open; the generation sequence
   * stays, since rows carry its values.
   */
  public void reset() {
    access(() -> {
      for (int offset = HEADER_BYTES; offset < SIZE; offset += Long.BYTES) {
        COUNTS.setVolatile(counts, offset, 0L);
      }
      return 0L;
    });
  }

  @Override
  public long stamp(String namespace, String cacheKey) {
    int slot = slot(namespace, cacheKey);
    return access(() -> {
      // Ended first: both equal then means that, when ended was read, nothing was under way, and that nothing
      // began before begun was read.
      long ended = (long) COUNTS.getVolatile(counts, slot + Long.BYTES);
      long begun = (long) COUNTS.getVolatile(counts, slot);
      return begun == ended ? begun : UNSTABLE;
    });
  }

  @Override
  public boolean current(String namespace, String cacheKey, long stamp) {
    if (stamp == UNSTABLE) {
      return false;
    }
    int slot = slot(namespace, cacheKey);
    return access(() -> (long) COUNTS.getVolatile(counts, slot)) == stamp;
  }

  @Override
  public long beginChange(String namespace, String cacheKey) {
    int slot = slot(namespace, cacheKey);
    return access(() -> {
      long ended = (long) COUNTS.getVolatile(counts, slot + Long.BYTES);
      long begun = (long) COUNTS.getAndAdd(counts, slot, 1L);
      return begun == ended ? begun + 1 : UNSTABLE;
    });
  }

  @Override
  public long endChange(String namespace, String cacheKey, long token) {
    int slot = slot(namespace, cacheKey);
    return access(() -> {
      COUNTS.getAndAdd(counts, slot + Long.BYTES, 1L);
      return token != UNSTABLE && (long) COUNTS.getVolatile(counts, slot) == token ? token : UNSTABLE;
    });
  }

  @Override
  public void changed(String namespace, String cacheKey) {
    endChange(namespace, cacheKey, beginChange(namespace, cacheKey));
  }

  @Override
  public long nextGeneration(long floor) {
    long next = access(() -> {
      while (true) {
        long last = (long) COUNTS.getVolatile(counts, GENERATION);
        long candidate = Math.max(floor, last + 1);
        if (COUNTS.compareAndSet(counts, GENERATION, last, candidate)) {
          return candidate;
        }
      }
    });
    return next == UNSTABLE ? floor : next;
  }

  @Override
  public void beginChangeOfAll() {
    access(() -> {
      for (int slot = HEADER_BYTES; slot < SIZE; slot += SLOT_BYTES) {
        COUNTS.getAndAdd(counts, slot, 1L);
      }
      return 0L;
    });
  }

  @Override
  public void endChangeOfAll() {
    access(() -> {
      for (int slot = HEADER_BYTES; slot < SIZE; slot += SLOT_BYTES) {
        COUNTS.getAndAdd(counts, slot + Long.BYTES, 1L);
      }
      return 0L;
    });
  }

  /** The mapping is released when it is collected; nothing holds the file open meanwhile. */
  @Override
  public void close() {}

  /** The byte offset of the key's slot; String.hashCode is specified, so every JVM picks the same one. */
  private static int slot(String namespace, String cacheKey) {
    int h = namespace.hashCode() * 31 + cacheKey.hashCode();
    return HEADER_BYTES + ((h ^ (h >>> 16)) & (SLOTS - 1)) * SLOT_BYTES;
  }

  @Override
  public boolean faulted(InternalError error) {
    if (!String.valueOf(error.getMessage()).contains("unsafe memory access")) {
      return false;
    }
    if (broken.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "The change counters in " + path + " can no longer be read (" + error + "): this"
          + " process keeps no more entries in memory (heap tier) until it reopens the root");
    }
    return true;
  }

  private long access(CounterAccess access) {
    if (broken.get()) {
      return UNSTABLE;
    }
    try {
      return access.run();
    } catch (InternalError e) {
      if (faulted(e)) {
        return UNSTABLE;
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface CounterAccess {
    long run();
  }
}
