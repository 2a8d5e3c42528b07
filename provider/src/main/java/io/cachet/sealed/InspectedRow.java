package io.cachet.sealed;

import java.time.Instant;

/**
 * One row as an operator inspects it: what its signature covers, and what checking it found.
 *
 * @param keyHash the row's key hash
 * @param createdAt when the entry was written
 * @param expiresAt when it expires, or null if it is eternal
 * @param generation its generation, or null for rows written before generations existed
 * @param size the signed payload size, in bytes
 * @param storage {@code inline}, or {@code blob <id>}
 * @param encryption {@code none} or the cipher's name
 * @param objectType the value's class name, as written
 * @param signature the signature's version ({@code v5}, ...; {@code v1} for bare hex), or {@code unsigned}
 * @param problem null if the row verified; else what an application would refuse it for, as an audit names it
 *     ({@code hash-mismatch}, ...), or {@code unverifiable} where the cache's rows cannot be checked
 * @param key the entry's key, decoded only when asked for and the row verified; else null
 * @param value the entry's value, decoded only when asked for and the row verified; else null
 * @param undecodable why the verified key or value could not be decoded with the tool's classes and allow-list,
 *     or null
 */
public record InspectedRow(String keyHash, Instant createdAt, Instant expiresAt, Long generation, long size,
    String storage, String encryption, String objectType, String signature, String problem, Object key,
    Object value, String undecodable) {}
