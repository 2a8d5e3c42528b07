package io.cachet.reliability.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The workload's record of what it did: a line {@code B <op>} before each operation and {@code A <seq>}
 * once the cache call returned. Each line is one unbuffered write, so a SIGKILL loses at most the line being
 * written; the kernel keeps everything written before (the process dies, not the machine).
 */
final class CrashJournal implements AutoCloseable {
  private final FileChannel channel;

  CrashJournal(Path file) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  void begin(CrashOp op) throws IOException {
    write("B " + op.line());
  }

  void acknowledge(CrashOp op) throws IOException {
    write("A " + op.seq());
  }

  private void write(String line) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * What a journal says happened, in order.
   *
   * @param acknowledged operations whose call returned
   * @param pending the operation begun but not acknowledged when the process died, or null
   */
  record Record(List<CrashOp> acknowledged, CrashOp pending) {}

  /** Reads a journal; a last line cut short by the kill is ignored. */
  static Record read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    int end = text.lastIndexOf('\n');
    List<CrashOp> begun = new ArrayList<>();
    Set<Long> acknowledged = new HashSet<>();
    for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
      if (line.startsWith("B ")) {
        begun.add(CrashOp.parse(line.substring(2)));
      } else if (line.startsWith("A ")) {
        acknowledged.add(Long.parseLong(line.substring(2)));
      } else {
        throw new IllegalStateException("Unreadable journal line in " + file + ": " + line);
      }
    }
    List<CrashOp> done = new ArrayList<>();
    CrashOp pending = null;
    for (CrashOp op : begun) {
      if (acknowledged.contains(op.seq())) {
        done.add(op);
      } else if (pending == null) {
        pending = op;
      } else {
        throw new IllegalStateException("More than one unacknowledged operation in " + file);
      }
    }
    if (pending != null && !begun.get(begun.size() - 1).equals(pending)) {
      throw new IllegalStateException("An operation other than the last is unacknowledged in " + file);
    }
    return new Record(done, pending);
  }
}
