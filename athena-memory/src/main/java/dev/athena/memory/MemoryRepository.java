package dev.athena.memory;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Single-row reads of {@code memories} through JPA; lists, searches and writes are SQL (see the package's doc). */
interface MemoryRepository extends JpaRepository<MemoryEntity, UUID> {

    /** The memory's row without its vector: Spring Data selects only {@link MemoryRow}'s components. */
    Optional<MemoryRow> findByIdAndProject(UUID id, String project);
}
