package io.cachet.benchmarks;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What authenticating a payload's bytes costs with each candidate the JDK offers, and what a copy of a large
 * value costs (Kryo's write of a byte[] is one copy into its buffer and one out): µs per value of
 * 64 KiB and 1 MiB, single thread. The AES-GCM, GHASH and Poly1305 intrinsics replace a call only once its caller
 * is compiled, which at 1 MiB takes far more warm-up than at 64 KiB: give the 1 MiB runs a long warm-up (several
 * seconds) or their first numbers are the interpreter's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PayloadDigestBenchmark {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Param({"65536", "1048576"})
  public int size;

  private byte[] payload;
  private byte[] copy;
  private byte[] sealed;
  private MessageDigest sha256;
  private MessageDigest sha512;
  private MessageDigest sha512t256;
  private MessageDigest sha3;
  private Mac hmac;
  private Cipher gcm;
  private Cipher chacha;
  private SecretKeySpec aesKey;
  private SecretKeySpec chachaKey;

  @Setup
  public void setUp() throws GeneralSecurityException {
    payload = new byte[size];
    RANDOM.nextBytes(payload);
    copy = new byte[size];
    sealed = new byte[size + 16];
    sha256 = MessageDigest.getInstance("SHA-256");
    sha512 = MessageDigest.getInstance("SHA-512");
    sha512t256 = MessageDigest.getInstance("SHA-512/256");
    sha3 = MessageDigest.getInstance("SHA3-256");
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(key, "HmacSHA256"));
    aesKey = new SecretKeySpec(key, "AES");
    chachaKey = new SecretKeySpec(key, "ChaCha20");
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
    chacha = Cipher.getInstance("ChaCha20-Poly1305");
  }

  @Benchmark
  public byte[] sha256() {
    return sha256.digest(payload);
  }

  @Benchmark
  public byte[] sha512() {
    return sha512.digest(payload);
  }

  @Benchmark
  public byte[] sha512t256() {
    return sha512t256.digest(payload);
  }

  @Benchmark
  public byte[] sha3x256() {
    return sha3.digest(payload);
  }

  @Benchmark
  public byte[] hmacSha256() {
    return hmac.doFinal(payload);
  }

  /** AES-GCM as a MAC: every byte as associated data under a fresh random 96-bit nonce, nothing encrypted. */
  @Benchmark
  public byte[] gmac() throws GeneralSecurityException {
    gcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce()));
    gcm.updateAAD(payload);
    return gcm.doFinal();
  }

  /** ChaCha20-Poly1305 as a MAC: every byte as associated data. */
  @Benchmark
  public byte[] poly1305() throws GeneralSecurityException {
    chacha.init(Cipher.ENCRYPT_MODE, chachaKey, new IvParameterSpec(nonce()));
    chacha.updateAAD(payload);
    return chacha.doFinal();
  }

  /** AES-GCM encryption into a ready buffer, as encryptAtRest does (there, into a fresh one). */
  @Benchmark
  public int gcmEncrypt() throws GeneralSecurityException {
    gcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce()));
    return gcm.doFinal(payload, 0, payload.length, sealed, 0);
  }

  /** One copy into a ready array: the floor of every extra copy on the path. */
  @Benchmark
  public byte[] copyInto() {
    System.arraycopy(payload, 0, copy, 0, size);
    return copy;
  }

  /** A copy into a fresh array, which the JVM zeroes first (unless it can prove it needs not). */
  @Benchmark
  public byte[] copyFresh() {
    return Arrays.copyOf(payload, size);
  }

  private static byte[] nonce() {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    return nonce;
  }
}
