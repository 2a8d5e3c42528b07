package io.cachet.examples.hibernate;

import java.nio.file.Path;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * A library on a fresh H2 file and a fresh Cachet root, both under one temporary directory.
 *
 * <p>{@code cachet.properties} names no root, so Cachet uses the default root, the {@code cachet.root} system
 * property: set here for the factory's start-up, when Hibernate opens the cache manager, and restored after.
 */
final class LibraryFixture implements AutoCloseable {
  private final SessionFactory sessionFactory;

  private LibraryFixture(SessionFactory sessionFactory) {
    this.sessionFactory = sessionFactory;
  }

  static LibraryFixture open(Path directory) {
    String previousRoot = System.getProperty("cachet.root");
    System.setProperty("cachet.root", directory.resolve("cachet").toString());
    try {
      return new LibraryFixture(Library.open(directory.resolve("library")));
    } finally {
      if (previousRoot == null) {
        System.clearProperty("cachet.root");
      } else {
        System.setProperty("cachet.root", previousRoot);
      }
    }
  }

  SessionFactory sessionFactory() {
    return sessionFactory;
  }

  /** The statistics, cleared: what a test asserts counts only what it did after this call. */
  Statistics freshStatistics() {
    Statistics statistics = sessionFactory.getStatistics();
    statistics.clear();
    return statistics;
  }

  @Override
  public void close() {
    sessionFactory.close();
  }
}
