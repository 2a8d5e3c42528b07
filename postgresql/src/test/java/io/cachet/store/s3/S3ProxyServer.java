package io.cachet.store.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3Proxy server in this JVM over jclouds' filesystem blob store in a fresh directory under {@code target/},
 * with one bucket and signed requests. {@link #shared()} is the one server the test classes share, started on
 * first use and stopped, its directory deleted, when the JVM exits; {@link #start()} starts a private one.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String BUCKET = "cachet-blobs";
  public static final String REGION = "us-east-1";
  public static final String ACCESS_KEY = "cachet-test-access-key";
  public static final String SECRET_KEY = "cachet-test-secret-key-d41d8cd98f00";

  private static S3ProxyServer shared;

  private final Path directory;
  private final BlobStoreContext context;
  private S3Proxy proxy;
  private final URI endpoint;
  /** How long the start took, to report. */
  final long startMillis;

  private S3ProxyServer() throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(Path.of("target"));
    directory = Files.createTempDirectory(Path.of("target"), "s3proxy-");
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
    context.getBlobStore().createContainerInLocation(null, BUCKET);
    proxy = serve(URI.create("http://127.0.0.1:0"));
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    startMillis = (System.nanoTime() - started) / 1_000_000;
  }

  /** Starts serving the blob store at this endpoint; port 0 picks a free port. */
  private S3Proxy serve(URI at) throws Exception {
    S3Proxy started = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(at)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // S3Proxy 2.7.0 answers 501 to the x-amz-checksum-crc32 header, which S3 accepts and the SDK adds to every
        // multi-object delete (besides the Content-MD5 S3Proxy checks).
        .ignoreUnknownHeaders(true)
        .build();
    started.start();
    while (!"STARTED".equals(started.getState())) {
      Thread.sleep(5);
    }
    return started;
  }

  /** Stops answering requests, as an unreachable S3 would; the objects stay, for {@link #serveAgain()}. */
  public synchronized void stopServing() throws Exception {
    proxy.stop();
  }

  /** Answers requests again, on the same port and over the same objects as before {@link #stopServing()}. */
  public synchronized void serveAgain() throws Exception {
    proxy = serve(endpoint);
  }

  /** {@return this JVM's shared server, started on first use and stopped at exit} */
  public static synchronized S3ProxyServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "s3proxy-stop"));
    }
    return shared;
  }

  /** A server of its own, which the caller closes. */
  public static S3ProxyServer start() {
    try {
      return new S3ProxyServer();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
  }

  /** {@return settings for a store under this key prefix in the server's bucket} */
  public S3BlobSettings settings(String prefix) {
    return new S3BlobSettings(BUCKET, prefix, endpoint, REGION, true, ACCESS_KEY, SECRET_KEY);
  }

  /** The store at a contract location: its prefix is the location's name, unique among the JVM's temp dirs. */
  public static String prefixFor(Path location) {
    return "contract/" + location.getFileName();
  }

  /** {@return the server's endpoint, {@code http://127.0.0.1:<port>}} */
  public URI endpoint() {
    return endpoint;
  }

  /** {@return the blob store behind the server, to plant and list objects without going through S3} */
  public BlobStore backend() {
    return context.getBlobStore();
  }

  /**
   * Sets an object's last-modified time, which S3 itself never lets a client set: the filesystem store answers
   * with its file's modification time.
   *
   * @param key the object's key in the bucket
   * @param when its new last-modified time
   */
  public void backdate(String key, Instant when) {
    try {
      Files.setLastModifiedTime(directory.resolve(BUCKET).resolve(key), FileTime.from(when));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      context.close();
      deleteTree(directory);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
