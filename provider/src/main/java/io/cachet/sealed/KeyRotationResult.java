package io.cachet.sealed;

/**
 * What a key rotation did to one cache.
 *
 * @param cache the cache
 * @param fromKeyFile the key file it was signed with before
 * @param toKeyFile the key file it is signed with now
 * @param toKeyId the id of that key
 * @param resigned the entries re-signed (and re-encrypted, if encrypted) with the new key
 * @param refused the entries that failed their checks and were deleted instead
 * @param kept the entries that failed their checks and were kept as they were (a policy that deletes nothing): they
 *     stay signed with the old key, refused as every process reads them
 * @param millis how long the rotation took, its wait for the processes using the store included
 * @param resigningMillis how long re-signing the entries took, the part that grows with them
 * @param rotated false if the cache already used that key and nothing was done
 */
public record KeyRotationResult(String cache, String fromKeyFile, String toKeyFile, String toKeyId, long resigned,
    long refused, long kept, long millis, long resigningMillis, boolean rotated) {}
