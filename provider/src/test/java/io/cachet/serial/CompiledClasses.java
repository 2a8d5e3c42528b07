package io.cachet.serial;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Classes compiled at test time into their own directory: a class another loader cannot see, or a second
 * version of a class under the same name, as after an application upgrade.
 */
final class CompiledClasses {
  private final Path directory;

  private CompiledClasses(Path directory) {
    this.directory = directory;
  }

  /** Compiles the sources (binary class name to source text) into the directory; they may call {@link Probe}. */
  static CompiledClasses compile(Path directory, Map<String, String> sources) throws Exception {
    List<String> arguments = new ArrayList<>(List.of("-d", directory.toString(), "-cp", testClasses()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = directory.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("Cannot compile " + sources.keySet());
    }
    return new CompiledClasses(directory);
  }

  /** A fresh loader: its classes are new Class objects, none yet loaded or initialized. */
  RecordingLoader newLoader() throws IOException {
    return new RecordingLoader(new URL[] {directory.toUri().toURL()}, CompiledClasses.class.getClassLoader());
  }

  private static String testClasses() throws Exception {
    return Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** A loader that remembers which of its own classes it was asked to load. */
  static final class RecordingLoader extends URLClassLoader {
    private final Set<String> found = ConcurrentHashMap.newKeySet();

    RecordingLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      found.add(name);
      return super.findClass(name);
    }

    boolean loaded(String className) {
      return found.contains(className);
    }

    Object create(String className) throws Exception {
      return loadClass(className).getConstructor().newInstance();
    }
  }
}
