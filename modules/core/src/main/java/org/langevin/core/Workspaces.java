package org.langevin.core;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J workspaces for the bodies of hot loops (training steps, solver steps, ODE right-hand sides). Temporaries made
 * inside {@code try (var ws = Workspaces.loop("id")) {...}} reuse one block of memory learned on the first pass,
 * instead of a native allocation and a deallocation per array: measured here, a DSM step fell from 24 to 10 ms and
 * system time by a factor of ten. Arrays that must outlive one pass are created outside the scope and updated in place.
 */
public final class Workspaces {
    private static final WorkspaceConfiguration LOOP = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .build();

    private Workspaces() {}

    public static MemoryWorkspace loop(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(LOOP, id);
    }
}
