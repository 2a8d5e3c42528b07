package io.cachet.reliability.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §7 across JVMs: a JVM writes entries of the {@code evolving} classes, then JVMs running an upgraded
 * application (a field added, removed or retyped, an enum constant added or removed, a class gone) read them
 * through {@code javax.cache}. An entry they cannot decode is a miss to get, containsKey, getAll, iteration
 * and invoke alike, with one integrity event per refused read and nothing thrown; an entry of an unchanged
 * class reads back equal to what was written.
 *
 * <p>The classes are compiled by this test into their own directories, one per application version, and
 * added to each child's class path; this JVM never loads them. The {@code evolving.Seed} of version 1 says
 * what is written, each version's {@code evolving.Lookups} which keys its reader looks up (under labels, so
 * that every version reports on the same entries), and {@link EvolutionProbe} reads and writes.
 *
 * <p>What the provider does, and so what these tests pin down:
 * <ul>
 *   <li>A changed class is refused by its shape fingerprint (Kryo field classes and records) or by its
 *       computed {@code serialVersionUID} (classes with serialization hooks, which Java serialization reads);
 *       a removed class or enum constant fails to resolve. Each is an {@code UNDECODABLE} refusal, per entry:
 *       the entries around it still read.
 *   <li>A key whose class changed serializes to other bytes, so its lookups address another entry: a plain
 *       miss with no event. The old entry is reached only by iteration, which refuses its undecodable key.
 *   <li>By default ({@code deleteInvalidSignatures=true}) a refused entry is deleted, so it is gone for every
 *       later reader, the old version included. With {@code deleteInvalidSignatures=false} it is kept, and
 *       the old version still reads it whole, until a put overwrites it or a remove deletes it; replace and
 *       remove(key, value) treat it as the miss it is and leave it.
 *   <li>An upgraded application's puts over refused entries succeed as over absent ones, and what they write
 *       is in turn undecodable to the old version.
 * </ul>
 */
class ClassEvolutionTest {
  /** Values of {@code deleteInvalidSignatures}: the default, and keeping refused entries. */
  private static final String DELETE_REFUSED = "true";
  private static final String KEEP_REFUSED = "false";
  /** The value version 2's mutate step writes: its Profile, which version 1 cannot decode. */
  private static final String CAROL_V2 = "evolving.Profile:Profile[name=carol, age=50, email=carol@example.com]";

  /** What version 1 writes, by label, as {@link EvolutionProbe#describe} prints it. */
  private static final Map<String, String> WRITTEN = new LinkedHashMap<>();

  static {
    WRITTEN.put("profile:ann", "evolving.Profile:Profile[name=ann, age=31]");
    WRITTEN.put("profile:bob", "evolving.Profile:Profile[name=bob, age=42]");
    WRITTEN.put("profiles", "java.util.ArrayList:[Profile[name=ann, age=31], Profile[name=bob, age=42]]");
    WRITTEN.put("legacy", "evolving.Legacy:Legacy[note=old, rank=7]");
    WRITTEN.put("stable:1", "evolving.Stable:Stable[id=1, tags=[a, b]]");
    WRITTEN.put("stable:2", "evolving.Stable:Stable[id=2, tags=[]]");
    WRITTEN.put("tag", "evolving.Tag:Tag[label=x, weight=3]");
    WRITTEN.put("tier:gold", "evolving.Tier:GOLD");
    WRITTEN.put("tier:silver", "evolving.Tier:SILVER");
    WRITTEN.put("profile-key", "java.lang.String:value under a profile key");
    WRITTEN.put("stable-key", "java.lang.String:value under a stable key");
  }

  /** The entries holding a {@code Profile} or a {@code Legacy}, whose classes every upgrade changes. */
  private static final Set<String> CHANGED_VALUES = Set.of("profile:ann", "profile:bob", "profiles", "legacy");

  @TempDir static Path classes;
  private static Path v1;
  private static Path fieldAdded;
  private static Path fieldRemoved;
  private static Path typeChanged;
  private static Path classRemoved;

  @TempDir Path root;
  @TempDir Path logs;

  @BeforeAll
  static void compileVersions() throws Exception {
    v1 = compile("v1", Versions.V1);
    fieldAdded = compile("field-added", Versions.FIELD_ADDED);
    fieldRemoved = compile("field-removed", Versions.FIELD_REMOVED);
    typeChanged = compile("type-changed", Versions.TYPE_CHANGED);
    classRemoved = compile("class-removed", Versions.CLASS_REMOVED);
  }

  @Test
  void upgradedReaders_missChangedEntries_withEvents_andReadUnchangedOnes_keepingTheRefused_whenAsked()
      throws Exception {
    write();

    // Each refused read is one event: get, containsKey, getAll and invoke refuse each changed value once;
    // iteration also refuses the entry whose key is a Profile, since it must decode keys to return them.
    run("field-added", fieldAdded, KEEP_REFUSED, "read")
        .assertSaw(gone(CHANGED_VALUES, "profile-key"), 4, 4, 4, 5, 4);

    // Version 3 also drops Tier.GOLD: that one entry goes, Tier.SILVER still reads.
    run("field-removed", fieldRemoved, KEEP_REFUSED, "read")
        .assertSaw(gone(CHANGED_VALUES, "profile-key", "tier:gold"), 5, 5, 5, 6, 5);

    run("type-changed", typeChanged, KEEP_REFUSED, "read")
        .assertSaw(gone(CHANGED_VALUES, "profile-key"), 4, 4, 4, 5, 4);

    // Without the class the reader cannot even build a Profile key: it only meets that entry by iterating.
    Map<String, String> withoutProfileKey = gone(CHANGED_VALUES);
    withoutProfileKey.remove("profile-key");
    run("class-removed", classRemoved, KEEP_REFUSED, "read").assertSaw(withoutProfileKey, 4, 4, 4, 5, 4);

    // Kept, and never rewritten by a reader that could not decode them: version 1 reads everything whole.
    run("v1-again", v1, KEEP_REFUSED, "read").assertSaw(WRITTEN, 0, 0, 0, 0, 0);

    // An upgraded writer's puts replace two of them. To it the other two are misses, not entries: its replace
    // leaves that one be, but its getAndRemove deletes the row it cannot read, so that version 1 does not find
    // a value again that the upgraded application removed.
    run("field-added-writer", fieldAdded, KEEP_REFUSED, "mutate").assertMutated();
    run("v1-after-writer", v1, KEEP_REFUSED, "read")
        .assertSaw(gone(Set.of("profile:ann", "profile:bob", "legacy")), 2, 2, 2, 2, 2);
  }

  @Test
  void refusedEntries_areDeletedByDefault_soNoLaterVersionSeesThem() throws Exception {
    write();

    // The first refusal of each entry deletes it: later reads of it are plain misses, without events.
    Reader upgraded = run("field-added", fieldAdded, DELETE_REFUSED, "read", "mutate");
    upgraded.assertSaw(gone(CHANGED_VALUES, "profile-key"), 4, 0, 0, 1, 0);
    upgraded.assertMutated();

    // Version 1 finds the deleted entries gone, and the two version 2 wrote undecodable in their turn.
    run("v1-after-delete", v1, DELETE_REFUSED, "read")
        .assertSaw(gone(CHANGED_VALUES, "profile-key"), 2, 0, 0, 0, 0);
  }

  private void write() throws Exception {
    ChildJvm writer = ChildJvm.runToSuccess("writer", root, logs, options(v1, DELETE_REFUSED),
        EvolutionProbe.class, "write");
    assertTrue(writer.stdoutLines().contains("PUT " + WRITTEN.size()), writer.describe());
  }

  /** Runs {@link EvolutionProbe}'s {@code steps} on {@code version}'s classes; fails if anything threw. */
  private Reader run(String name, Path version, String policy, String... steps) throws Exception {
    ChildJvm jvm = ChildJvm.run(name, root, logs, options(version, policy), EvolutionProbe.class, steps);
    Reader reader = new Reader(jvm);
    reader.assertNothingThrew();
    return reader;
  }

  /** A child on the test class path plus {@code version}, allowed to (de)serialize the evolving classes. */
  private static ChildJvm.Options options(Path version, String policy) {
    return ChildJvm.Options.WORKLOAD.withClassPath(version)
        .withJvmArgs("-Dcachet.allowedClasses=evolving.**", "-Dcachet.deleteInvalidSignatures=" + policy);
  }

  /** What a reader should see: what was written, with the given labels missing. */
  private static Map<String, String> gone(Set<String> labels, String... more) {
    Map<String, String> expected = new LinkedHashMap<>(WRITTEN);
    labels.forEach(label -> expected.put(label, null));
    for (String label : more) {
      expected.put(label, null);
    }
    return expected;
  }

  private static Path compile(String version, Map<String, String> sources) throws Exception {
    Path directory = Files.createDirectories(classes.resolve(version));
    List<String> arguments = new ArrayList<>(List.of("-d", directory.toString(), "-nowarn"));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = classes.resolve("src-" + version).resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, compiler.run(null, null, null, arguments.toArray(String[]::new)),
        "cannot compile version " + version);
    return directory;
  }

  /** A finished reader's output, asserted against what it should have seen. */
  private static final class Reader {
    private final ChildJvm jvm;
    private final List<String> lines;

    Reader(ChildJvm jvm) {
      this.jvm = jvm;
      this.lines = jvm.stdoutLines();
    }

    void assertNothingThrew() throws InterruptedException {
      jvm.assertExitCode(0);
      assertTrue(lines.stream().noneMatch(line -> line.startsWith("THREW")), jvm.describe());
      assertTrue(lines.contains("DONE"), jvm.describe());
    }

    void assertLine(String line) {
      assertTrue(lines.contains(line), "expected \"" + line + "\"\n" + jvm.describe());
    }

    /**
     * Each label's value (null: a miss) as every read reports it: get, containsKey, getAll, invoke, and
     * iteration, which returns exactly the entries that read. Then the integrity events each phase raised
     * (get, containsKey, getAll, iteration, invoke), all of them undecodable, read from the integrity MBean;
     * and the misses and hits the statistics MBean counted (containsKey counts neither, iteration only hits).
     */
    void assertSaw(Map<String, String> values, long get, long contains, long getAll, long iterate, long invoke) {
      Set<String> iterated = new TreeSet<>();
      values.forEach((label, value) -> {
        String shown = value == null ? "null" : value;
        assertLine("GET " + label + " = " + shown);
        assertLine("CONTAINS " + label + " = " + (value != null));
        assertLine("GETALL " + label + " = " + shown);
        assertLine("INVOKE " + label + " = " + (value != null) + " " + shown);
        if (value != null) {
          iterated.add("ITER " + label + " = " + value);
        }
      });
      assertEquals(iterated, linesStartingWith("ITER "), jvm.describe());
      assertEquals(values.size(), linesStartingWith("GET ").size(), jvm.describe());
      assertTrue(linesStartingWith("GETALL returned").isEmpty(), jvm.describe());

      long hits = values.values().stream().filter(value -> value != null).count();
      long misses = values.size() - hits;
      assertPhase("get", get, misses, hits);
      assertPhase("contains", contains, 0, 0);
      assertPhase("getAll", getAll, misses, hits);
      assertPhase("iterate", iterate, 0, hits);
      assertPhase("invoke", invoke, misses, hits);
      long events = get + contains + getAll + iterate + invoke;
      assertLine("REASONS " + (events == 0 ? "{}" : "{UNDECODABLE=" + events + "}"));
    }

    /** What version 2's writes over the changed entries returned, and what it reads afterwards. */
    void assertMutated() {
      assertLine("GETANDPUT profile:ann = null");
      assertLine("PUTIFABSENT profile:bob = true");
      assertLine("REPLACE profiles = false");
      assertLine("GETANDREMOVE legacy = null");
      assertLine("REREAD profile:ann = " + CAROL_V2);
      assertLine("REREAD profile:bob = " + CAROL_V2);
      assertLine("REREAD profiles = null");
      assertLine("REREAD legacy = null");
    }

    private void assertPhase(String phase, long events, long misses, long hits) {
      assertLine("PHASE " + phase + " events=" + events + " misses=" + misses + " hits=" + hits);
    }

    private Set<String> linesStartingWith(String prefix) {
      Set<String> matching = new TreeSet<>();
      lines.stream().filter(line -> line.startsWith(prefix)).forEach(matching::add);
      return matching;
    }
  }
}
