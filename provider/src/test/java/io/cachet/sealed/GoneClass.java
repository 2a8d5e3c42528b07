package io.cachet.sealed;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles a class that only a dedicated class loader can see: a class "gone" for everyone else. */
final class GoneClass {
  static final String NAME = "gone.Widget";

  private GoneClass() {}

  static ClassLoader loader(Path directory) throws Exception {
    Path source = directory.resolve("gone/Widget.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package gone; public class Widget implements java.io.Serializable {"
        + " public String name = \"w\"; }");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler.run(null, null, null, "-d", directory.toString(), source.toString()) != 0) {
      throw new IllegalStateException("Cannot compile " + source);
    }
    return new URLClassLoader(new URL[] {directory.toUri().toURL()}, GoneClass.class.getClassLoader());
  }
}
