package io.cachet.cli;

import io.cachet.sealed.SealedStores;
import io.cachet.sealed.SealedStores.QuarantinedCopy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code cachet quarantined TARGET}: the damaged databases and blob directories moved aside in the root. */
@Command(name = "quarantined", mixinStandardHelpOptions = true,
    description = "Lists the damaged databases and blob directories that onCorruptDatabase=quarantine moved aside "
        + "in the root (cachet.db.corrupt-<UTC time>, blobs.corrupt-<UTC time>), with their sizes and times.")
final class QuarantinedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetArguments arguments;

  @Override
  public Integer call() throws IOException {
    Target resolved = arguments.resolve();
    List<QuarantinedCopy> moved = SealedStores.quarantined(resolved.root());
    PrintWriter out = spec.commandLine().getOut();
    List<Object> listed = new ArrayList<>();
    Table table = new Table("PATH", "SIZE", "MOVED ASIDE");
    for (QuarantinedCopy copy : moved) {
      Path path = copy.path();
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      long size = attributes.isDirectory() ? treeSize(path) : attributes.size();
      String time = copy.movedAt().toString();
      table.add(Printable.of(path.toString()), Sizes.of(size), time);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("path", path.toString());
      entry.put("directory", attributes.isDirectory());
      entry.put("bytes", size);
      entry.put("movedAside", time);
      listed.add(entry);
    }
    if (arguments.json) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("root", resolved.root().toString());
      report.put("quarantined", listed);
      out.println(Json.of(report));
    } else if (moved.isEmpty()) {
      out.println("Nothing quarantined in " + resolved.root());
    } else {
      table.print(out);
    }
    out.flush();
    return CachetCli.FINE;
  }

  /** The bytes of the regular files under a directory, links not followed. */
  private static long treeSize(Path directory) throws IOException {
    long[] total = {0};
    Files.walkFileTree(directory, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
          total[0] += attributes.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }
}
