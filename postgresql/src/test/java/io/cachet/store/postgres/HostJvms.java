package io.cachet.store.postgres;

import io.cachet.testing.ChildJvm;
import io.cachet.testing.SharedStoreServers;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Host JVMs on one schema (and bucket) of this JVM's servers: this JVM's manager makes the key file, which each host's
 * root gets a copy of, as an operator distributes it; the options go to the hosts in a file.
 */
final class HostJvms {
  private static final String KEY_FILE = "cache_signing_key.bin";

  private final Path temp;
  private final Path optionsFile;
  final String schema = "hosts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final Properties options;
  final CacheManager local;

  /** Options for the schema, with {@code extra} added; this JVM's manager opens on them. */
  HostJvms(Path temp, boolean bucket, Properties extra) throws IOException {
    this.temp = temp;
    this.options = SharedStoreServers.options(schema, bucket);
    options.putAll(extra);
    this.optionsFile = temp.resolve("host.properties");
    try (Writer out = Files.newBufferedWriter(optionsFile)) {
      options.store(out, null);
    }
    local = Caching.getCachingProvider().getCacheManager(temp.resolve("local").toUri(),
        HostJvms.class.getClassLoader(), options);
  }

  /** Starts a host JVM running {@link SharedStoreHost} in {@code mode}, once this JVM made the key file. */
  ChildJvm start(String name, String mode, int argument) throws IOException {
    return start(name, mode, argument, List.of());
  }

  /** As {@link #start(String, String, int)}, the command run through {@code launcher} ({@code ip netns exec}). */
  ChildJvm start(String name, String mode, int argument, List<String> launcher) throws IOException {
    Path root = root(name);
    Files.createDirectories(root);
    Files.copy(temp.resolve("local").resolve(KEY_FILE), root.resolve(KEY_FILE),
        StandardCopyOption.COPY_ATTRIBUTES);
    List<String> command = new ArrayList<>(launcher);
    command.addAll(ChildJvm.java(ChildJvm.Options.BRIEF.withMaxHeap("256m"), SharedStoreHost.class, mode,
        root.toString(), optionsFile.toString(), Integer.toString(argument)));
    return ChildJvm.start(name, temp.resolve("logs"), command);
  }

  /** The root of the host of this name. */
  Path root(String name) {
    return temp.resolve(name);
  }
}
