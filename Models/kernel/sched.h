/*
 * kpcheck model: the per-task and per-exception state the models read and
 * write. The machine keeps one task_struct per task and one pt_regs per
 * exception level of a task; only the fields declared here exist.
 */
#ifndef KPCHECK_SCHED_H
#define KPCHECK_SCHED_H

/* Barriers for kernel page-table stores are owed by this task (arm64). */
#define TIF_LAZY_MMU_PENDING	31

/* arm64 thread state: the POR_EL1 value saved when the task is switched out. */
struct thread_struct {
	u64 tpidr2_el0;
	u64 por_el0;
	u64 por_el1;
};

/* Generic lazy MMU nesting counters (one pair per task). */
struct lazy_mmu_state {
	u8 enable_count;
	u8 pause_count;
};

struct task_struct {
	struct thread_struct thread;
	struct lazy_mmu_state lazy_mmu_state;
};

/* The exception frame: what EL1 entry saves of POR_EL1 for the exit path. */
struct pt_regs {
	u64 por_el1;
};

#endif /* KPCHECK_SCHED_H */
