package io.cachet.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.serial.CompiledClasses.RecordingLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hibernate's query cache key on real Kryo payloads. The classes are compiled here with Hibernate 7's names and
 * shapes (the provider does not depend on Hibernate; examples/hibernate runs the real ones): a {@code QueryKey}
 * whose hash code is transient and rebuilt in {@code readObject}, holding the parameter memento Hibernate
 * keeps as a private nested class of {@code org.hibernate.query.internal.QueryParameterBindingsImpl}.
 */
class HibernateQueryKeyTest {
  private static final String QUERY_KEY = "org.hibernate.cache.spi.QueryKey";
  private static final String BINDINGS = "org.hibernate.query.internal.QueryParameterBindingsImpl";
  private static final String MEMENTO = BINDINGS + "$ParameterBindingsMementoImpl";
  private static final ClassFilter DEFAULTS = ClassFilter.withDefaults(List.of());

  @TempDir
  static Path classes;

  private static RecordingLoader loader;

  @BeforeAll
  static void compileHibernatesShapes() throws Exception {
    loader = CompiledClasses.compile(classes, Map.of(
        QUERY_KEY, """
            package org.hibernate.cache.spi;
            public class QueryKey implements java.io.Serializable {
              public interface ParameterBindingsMemento extends java.io.Serializable {}
              private final String sqlQueryString;
              private final ParameterBindingsMemento parameterBindingsMemento;
              private final Integer firstRow;
              private final Integer maxRows;
              private final String[] enabledFilterNames;
              private transient int hashCode;
              public QueryKey(String sql, ParameterBindingsMemento memento, Integer firstRow, Integer maxRows,
                  java.util.Set<String> filters) {
                this.sqlQueryString = sql;
                this.parameterBindingsMemento = memento;
                this.firstRow = firstRow;
                this.maxRows = maxRows;
                this.enabledFilterNames = filters.toArray(String[]::new);
                this.hashCode = generateHashCode();
              }
              private void readObject(java.io.ObjectInputStream in)
                  throws java.io.IOException, ClassNotFoundException {
                in.defaultReadObject();
                hashCode = generateHashCode();
              }
              private int generateHashCode() {
                int result = 13;
                result = 37 * result + sqlQueryString.hashCode();
                result = 37 * result + parameterBindingsMemento.hashCode();
                return 37 * result + java.util.Arrays.hashCode(enabledFilterNames);
              }
              @Override public boolean equals(Object other) {
                return other instanceof QueryKey that
                    && java.util.Objects.equals(sqlQueryString, that.sqlQueryString)
                    && java.util.Objects.equals(firstRow, that.firstRow)
                    && java.util.Objects.equals(maxRows, that.maxRows)
                    && java.util.Objects.equals(parameterBindingsMemento, that.parameterBindingsMemento)
                    && java.util.Arrays.equals(enabledFilterNames, that.enabledFilterNames);
              }
              @Override public int hashCode() { return hashCode; }
            }
            """,
        BINDINGS, """
            package org.hibernate.query.internal;
            public class QueryParameterBindingsImpl {
              public static org.hibernate.cache.spi.QueryKey.ParameterBindingsMemento memento(Object[] values,
                  int hashCode) {
                return new ParameterBindingsMementoImpl(values, hashCode);
              }
              private static class ParameterBindingsMementoImpl
                  implements org.hibernate.cache.spi.QueryKey.ParameterBindingsMemento {
                final Object[] values;
                final int hashCode;
                private ParameterBindingsMementoImpl(Object[] values, int hashCode) {
                  this.values = values;
                  this.hashCode = hashCode;
                }
                @Override public boolean equals(Object that) {
                  return that instanceof ParameterBindingsMementoImpl other && hashCode == other.hashCode
                      && java.util.Arrays.deepEquals(values, other.values);
                }
                @Override public int hashCode() { return hashCode; }
              }
            }
            """)).newLoader();
  }

  @Test
  void queryKeyWithAParameter_roundTripsEqual_withItsTransientHashCodeRebuilt() throws Exception {
    KryoValueCodec codec = new KryoValueCodec(loader);
    Object key = queryKey(UUID.fromString("5c0f6c1e-8d7a-4a57-9a55-4c3f1e0b2d11"));

    Object copy = codec.decode(codec.encode(key));

    assertNotSame(key, copy);
    assertEquals(key, copy);
    // A copy whose hash code stayed 0 would equal the key yet never be found in a HashMap: a silent miss.
    assertEquals(key.hashCode(), copy.hashCode());
  }

  @Test
  void equalQueryKeys_encodeToEqualBytes_soTheyFindTheSameEntry() throws Exception {
    KryoValueCodec codec = new KryoValueCodec(loader);
    UUID author = UUID.fromString("5c0f6c1e-8d7a-4a57-9a55-4c3f1e0b2d11");

    assertArrayEquals(codec.encode(queryKey(author)), codec.encode(queryKey(author)));
    assertFalse(java.util.Arrays.equals(codec.encode(queryKey(author)), codec.encode(queryKey(UUID.randomUUID()))));
  }

  @Test
  void defaults_allowHibernatesParameterMemento_butNotTheRestOfItsPackage() {
    assertTrue(DEFAULTS.allows(MEMENTO));
    assertFalse(DEFAULTS.allows(BINDINGS));
    assertFalse(DEFAULTS.allows(BINDINGS + "$Other"));
    assertFalse(DEFAULTS.allows("org.hibernate.query.internal.QueryImpl"));
  }

  /** A key as Hibernate builds it for one bound parameter: the tenant (none), then the value. */
  private static Object queryKey(UUID parameter) throws Exception {
    Object[] values = {null, parameter};
    // Hibernate folds the hash codes in as 37 * h + next, the absent tenant adding 0.
    Object memento = loader.loadClass(BINDINGS).getMethod("memento", Object[].class, int.class)
        .invoke(null, values, parameter.hashCode());
    Class<?> mementoType = loader.loadClass(QUERY_KEY + "$ParameterBindingsMemento");
    return loader.loadClass(QUERY_KEY)
        .getConstructor(String.class, mementoType, Integer.class, Integer.class, Set.class)
        .newInstance("select b1_0.isbn from Book b1_0 where b1_0.author_id=?", memento, null, null, Set.of());
  }
}
