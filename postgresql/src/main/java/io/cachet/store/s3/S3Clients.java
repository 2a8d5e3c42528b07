package io.cachet.store.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client of an {@link S3BlobStore} from its settings; public for benchmarks of the same client. */
public final class S3Clients {
  // Long enough for a slow network, short enough that an unreachable endpoint fails an operation within seconds.
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private S3Clients() {}

  /**
   * A client over the JDK's {@code HttpURLConnection}. Checksums are sent and checked only where S3 requires
   * them (multi-object delete), and there also as {@code Content-MD5}, which S3-compatible servers older than
   * the SDK's CRC32 headers insist on. Nowhere else: some of those servers refuse the checksum headers and
   * trailers the SDK adds by default to every upload, and the seal verifies every payload's hash over the exact
   * bytes read anyway.
   *
   * @param settings the endpoint, region, addressing and credentials
   * @return the client; the caller closes it
   */
  public static S3Client create(S3BlobSettings settings) {
    return builder(settings).build();
  }

  /**
   * A client like {@link #create}'s that sends only requests that read (the bucket check, object reads, listings)
   * and fails every other before sending it.
   *
   * @param settings the endpoint, region, addressing and credentials
   * @return the client; the caller closes it
   */
  static S3Client createReadOnly(S3BlobSettings settings) {
    return builder(settings).overrideConfiguration(override -> override.addExecutionInterceptor(
        new ReadOnlyRequests())).build();
  }

  /** The builder {@link #create} builds; tests add their interceptors to it. */
  static S3ClientBuilder builder(S3BlobSettings settings) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(READ_TIMEOUT))
        .region(Region.of(settings.region()))
        .forcePathStyle(settings.pathStyle())
        .credentialsProvider(credentials(settings))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .addPlugin(LegacyMd5Plugin.create());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder;
  }

  private static AwsCredentialsProvider credentials(S3BlobSettings settings) {
    if (settings.hasStaticCredentials()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
