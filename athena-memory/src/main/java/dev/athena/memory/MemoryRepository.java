package dev.athena.memory;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface MemoryRepository extends JpaRepository<MemoryEntity, UUID> {

    Optional<MemoryEntity> findByIdAndProject(UUID id, String project);
}
