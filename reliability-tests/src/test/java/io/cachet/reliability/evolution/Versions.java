package io.cachet.reliability.evolution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sources of the {@code evolving} classes in each application version {@link ClassEvolutionTest}
 * compiles, by binary class name. {@code Stable} (a field-serialized class with a generic field) and
 * {@code Tag} (a record) are the same in every version.
 */
final class Versions {
  private static final String STABLE = """
      package evolving;

      import java.util.ArrayList;
      import java.util.List;
      import java.util.Objects;

      public final class Stable implements java.io.Serializable {
        private final int id;
        private final List<String> tags;

        public Stable(int id, List<String> tags) {
          this.id = id;
          this.tags = new ArrayList<>(tags);
        }

        @Override public boolean equals(Object o) {
          return o instanceof Stable s && s.id == id && s.tags.equals(tags);
        }

        @Override public int hashCode() {
          return Objects.hash(id, tags);
        }

        @Override public String toString() {
          return "Stable[id=" + id + ", tags=" + tags + "]";
        }
      }
      """;

  private static final String TAG = """
      package evolving;

      public record Tag(String label, int weight) implements java.io.Serializable {}
      """;

  /** A field-serialized class; every version but the last changes it. */
  private static final String PROFILE = """
      package evolving;

      import java.util.Objects;

      public final class Profile implements java.io.Serializable {
        %s

        @Override public boolean equals(Object o) {
          return o instanceof Profile p && p.toString().equals(toString());
        }

        @Override public int hashCode() {
          return toString().hashCode();
        }

        @Override public String toString() {
          return %s;
        }
      }
      """;

  /**
   * A class with a serialization hook, so Java serialization (inside Kryo) reads it; it declares no
   * {@code serialVersionUID}, so the computed one changes with its shape.
   */
  private static final String LEGACY = """
      package evolving;

      public final class Legacy implements java.io.Serializable {
        %s

        private Object readResolve() {
          return this;
        }

        @Override public String toString() {
          return %s;
        }
      }
      """;

  private static final String TIER = """
      package evolving;

      public enum Tier { %s }
      """;

  /** The keys a reader looks up, under the labels every version shares; {@code %s} adds the Profile key. */
  private static final String LOOKUPS = """
      package evolving;

      import java.util.LinkedHashMap;
      import java.util.List;
      import java.util.Map;

      public final class Lookups {
        public static Map<String, Object> keys() {
          Map<String, Object> keys = new LinkedHashMap<>();
          for (String label : List.of("profile:ann", "profile:bob", "profiles", "legacy", "stable:1", "stable:2",
              "tag", "tier:gold", "tier:silver")) {
            keys.put(label, label);
          }
          %s
          keys.put("stable-key", new Stable(3, List.of("key")));
          return keys;
        }
      }
      """;

  /** What version 1 writes: ClassEvolutionTest.WRITTEN lists the same entries as their reader prints them. */
  private static final String SEED = """
      package evolving;

      import java.util.ArrayList;
      import java.util.LinkedHashMap;
      import java.util.List;
      import java.util.Map;

      public final class Seed {
        public static Map<Object, Object> entries() {
          Map<Object, Object> entries = new LinkedHashMap<>();
          entries.put("profile:ann", new Profile("ann", 31));
          entries.put("profile:bob", new Profile("bob", 42));
          entries.put("profiles", new ArrayList<>(List.of(new Profile("ann", 31), new Profile("bob", 42))));
          entries.put("legacy", new Legacy("old", 7));
          entries.put("stable:1", new Stable(1, List.of("a", "b")));
          entries.put("stable:2", new Stable(2, List.of()));
          entries.put("tag", new Tag("x", 3));
          entries.put("tier:gold", Tier.GOLD);
          entries.put("tier:silver", Tier.SILVER);
          entries.put(new Profile("carol", 50), "value under a profile key");
          entries.put(new Stable(3, List.of("key")), "value under a stable key");
          return entries;
        }
      }
      """;

  /** {@code Profile {String name; int age}}, {@code Legacy {String note; int rank}}, three tiers. */
  static final Map<String, String> V1 = version(
      profile("""
          private final String name;
          private final int age;

          public Profile(String name, int age) {
            this.name = name;
            this.age = age;
          }""", "\"Profile[name=\" + name + \", age=\" + age + \"]\"", "new Profile(\"carol\", 50)"),
      legacy("""
          private final String note;
          private final int rank;

          public Legacy(String note, int rank) {
            this.note = note;
            this.rank = rank;
          }""", "\"Legacy[note=\" + note + \", rank=\" + rank + \"]\""),
      "BRONZE, SILVER, GOLD");

  static {
    V1.put("evolving.Seed", SEED);
  }

  /** Profile and Legacy gain a field; Tier gains a constant, which leaves the stored ones readable. */
  static final Map<String, String> FIELD_ADDED = version(
      profile("""
          private final String name;
          private final int age;
          private final String email;

          public Profile(String name, int age, String email) {
            this.name = name;
            this.age = age;
            this.email = email;
          }""", "\"Profile[name=\" + name + \", age=\" + age + \", email=\" + email + \"]\"",
          "new Profile(\"carol\", 50, \"carol@example.com\")"),
      legacy("""
          private final String note;
          private final int rank;
          private final String since;

          public Legacy(String note, int rank, String since) {
            this.note = note;
            this.rank = rank;
            this.since = since;
          }""", "\"Legacy[note=\" + note + \", rank=\" + rank + \", since=\" + since + \"]\""),
      "BRONZE, SILVER, GOLD, PLATINUM");

  /** Profile and Legacy lose a field; Tier loses GOLD. */
  static final Map<String, String> FIELD_REMOVED = version(
      profile("""
          private final String name;

          public Profile(String name) {
            this.name = name;
          }""", "\"Profile[name=\" + name + \"]\"", "new Profile(\"carol\")"),
      legacy("""
          private final String note;

          public Legacy(String note) {
            this.note = note;
          }""", "\"Legacy[note=\" + note + \"]\""),
      "BRONZE, SILVER");

  /** Profile's and Legacy's int field becomes a long, under the same name. */
  static final Map<String, String> TYPE_CHANGED = version(
      profile("""
          private final String name;
          private final long age;

          public Profile(String name, long age) {
            this.name = name;
            this.age = age;
          }""", "\"Profile[name=\" + name + \", age=\" + age + \"]\"", "new Profile(\"carol\", 50L)"),
      legacy("""
          private final String note;
          private final long rank;

          public Legacy(String note, long rank) {
            this.note = note;
            this.rank = rank;
          }""", "\"Legacy[note=\" + note + \", rank=\" + rank + \"]\""),
      "BRONZE, SILVER, GOLD");

  /** Profile and Legacy are gone; the reader has no Profile key to look up. */
  static final Map<String, String> CLASS_REMOVED = version(null, null, "BRONZE, SILVER, GOLD");

  private Versions() {}

  /** Profile's source, and the statement that puts the Profile key into the lookups. */
  private static String[] profile(String body, String toString, String key) {
    return new String[] {PROFILE.formatted(body, toString), "keys.put(\"profile-key\", " + key + ");"};
  }

  private static String legacy(String body, String toString) {
    return LEGACY.formatted(body, toString);
  }

  private static Map<String, String> version(String[] profile, String legacy, String tiers) {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("evolving.Stable", STABLE);
    sources.put("evolving.Tag", TAG);
    sources.put("evolving.Tier", TIER.formatted(tiers));
    if (profile != null) {
      sources.put("evolving.Profile", profile[0]);
    }
    if (legacy != null) {
      sources.put("evolving.Legacy", legacy);
    }
    sources.put("evolving.Lookups", LOOKUPS.formatted(profile == null ? "" : profile[1]));
    return sources;
  }
}
