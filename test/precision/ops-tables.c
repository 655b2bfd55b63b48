// Slot origin through const ops tables (docs/limits.md, "Slot origin"):
// the page walkers' shape. A caller hands the address of a const table
// (`walk_kernel_range(..., &quiet_ops, ...)`), the walker keeps it in a
// member of a local it hands down (`struct mm_walk walk = { .ops = ops }`),
// and the call through the table (`ops = walk->ops; ops->pmd_entry(...)`)
// calls the function the table's initializer gives that member, and no
// other `mm_walk_ops::pmd_entry` of the program.
//
// Removed: quiet_walker's route into flushing_pmd (another caller's
// table); pte_walker's (its table has no pmd_entry: no call through null);
// direct_walker's (a function given the table itself, `ops->pmd_entry`).
// Kept: flushing_walker's (its own table flushes). Fallbacks (kept): a
// table that is not const (mutable_walker), a table chosen by a condition
// (cond_walker), a walk whose ops member is written on the way
// (rewritten_walker), or set through its address by a callee that takes
// it as a `const struct mm_walk_ops **` (picked_walker: callees summarise
// only their struct-pointer parameters, so the object escapes there).
//
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 > %t/on.txt 2>&1
// RUN: FileCheck %s --check-prefix=ON --implicit-check-not=warning: < %t/on.txt
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-slot-origin > %t/off.txt 2>&1
// RUN: FileCheck %s --check-prefix=OFF --implicit-check-not=warning: < %t/off.txt
// ON:      warning: WQ_MEM_RECLAIM 'reclaim':{{[a-z_]+}} is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 4 more reclaim contexts)
// ON-DAG:  note: picked_walker calls walk_picked
// ON-DAG:  note: flushing_walker calls walk_kernel_range
// ON-DAG:  note: mutable_walker calls walk_kernel_range
// ON-DAG:  note: cond_walker calls walk_kernel_range
// ON-DAG:  note: rewritten_walker calls walk_rewritten
// ON:      wqdep: 1 finding
// OFF:     warning: WQ_MEM_RECLAIM 'reclaim':{{[a-z_]+}} is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 7 more reclaim contexts)
// OFF-DAG: note: quiet_walker calls walk_kernel_range
// OFF-DAG: note: pte_walker calls walk_kernel_range
// OFF-DAG: note: direct_walker calls run_ops
//
// RUN: %expect-exit 1 %wqdep -p %t --no-db --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=STATS < %t/on.json
// STATS: "slot_origin_tables": 3,
//
// The facts: the table's address, the member set from the parameter, the
// call through the pointer member, and the const tables.
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s --check-prefix=FACTS < %t/facts.json
// FACTS:      "const_tables": [
// FACTS-DAG:  "key":"{{.*}}ops-tables.c:quiet_ops","struct":"struct mm_walk_ops"
// FACTS-DAG:  "key":"{{.*}}ops-tables.c:flushing_ops"
// FACTS-DAG:  "key":"{{.*}}ops-tables.c:pte_only_ops"
// FACTS-NOT:  mutable_ops
// FACTS:      "functions": [
// FACTS:      "key": "{{.*}}:cond_walker",
// FACTS:      "arg_values":[0,4,null,0]
// FACTS:      "key": "{{.*}}:quiet_walker",
// FACTS:      "arg_values":[0,4,"&{{.*}}ops-tables.c:quiet_ops",0]
// FACTS:      "key": "{{.*}}:walk_pmd_range",
// FACTS:      "slot_read":"param 1->ops->* (before: 0)"
// FACTS:      "key": "walk_kernel_range",
// FACTS:      "arg_fields":["arg 2->ops = param 2 (else: 0)"]
#include <linux/workqueue.h>

struct mm_walk;
struct mm_walk_ops {
	int (*pmd_entry)(unsigned long addr, struct mm_walk *walk);
	int (*pte_entry)(unsigned long addr, struct mm_walk *walk);
};
struct mm_walk {
	const struct mm_walk_ops *ops;
	void *private;
};

struct targets {
	struct workqueue_struct *plain_wq, *reclaim_wq;
	struct work_struct a;
};
static struct targets t;
static int cond;

static void plain_fn(struct work_struct *w) { }

/* mm/pagewalk.c's shape: the table read through a local. */
static int walk_pmd_range(unsigned long addr, struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	int err = 0;

	if (ops->pmd_entry)
		err = ops->pmd_entry(addr, walk);
	return err;
}

static int walk_pgd_range(unsigned long addr, unsigned long end,
			  struct mm_walk *walk)
{
	int err = 0;

	do {
		err = walk_pmd_range(addr, walk);
		if (err)
			break;
	} while (++addr != end);
	return err;
}

int walk_kernel_range(unsigned long start, unsigned long end,
		      const struct mm_walk_ops *ops, void *private)
{
	struct mm_walk walk = {
		.ops = ops,
		.private = private,
	};

	if (start >= end)
		return -1;
	return walk_pgd_range(start, end, &walk);
}

static int quiet_pmd(unsigned long a, struct mm_walk *w) { return 0; }
static int flushing_pmd(unsigned long a, struct mm_walk *w)
{
	flush_work(&t.a);
	return 0;
}

static const struct mm_walk_ops quiet_ops = { .pmd_entry = quiet_pmd };
static const struct mm_walk_ops flushing_ops = { .pmd_entry = flushing_pmd };
static const struct mm_walk_ops pte_only_ops = { .pte_entry = quiet_pmd };
static struct mm_walk_ops mutable_ops = { .pmd_entry = quiet_pmd };

static void quiet_walker(struct work_struct *w)
{
	walk_kernel_range(0, 4, &quiet_ops, NULL);
}
static void flushing_walker(struct work_struct *w)
{
	walk_kernel_range(0, 4, &flushing_ops, NULL);
}
static void pte_walker(struct work_struct *w)
{
	walk_kernel_range(0, 4, &pte_only_ops, NULL);
}

/* The table itself handed to the function that calls through it. */
static void run_ops(const struct mm_walk_ops *ops)
{
	ops->pmd_entry(0, NULL);
}
static void direct_walker(struct work_struct *w) { run_ops(&quiet_ops); }

/* Fallbacks. */
static void mutable_walker(struct work_struct *w)
{
	walk_kernel_range(0, 4, &mutable_ops, NULL);
}
static void cond_walker(struct work_struct *w)
{
	walk_kernel_range(0, 4, cond ? &quiet_ops : &pte_only_ops, NULL);
}
const struct mm_walk_ops *pick_ops(void);
static int walk_rewritten(unsigned long addr, struct mm_walk *walk)
{
	walk->ops = pick_ops();
	return walk_pmd_range(addr, walk);
}
static void rewritten_walker(struct work_struct *w)
{
	struct mm_walk walk = { .ops = &quiet_ops };

	walk_rewritten(0, &walk);
}

static void pick_into(const struct mm_walk_ops **pp) { *pp = &flushing_ops; }
static int walk_picked(unsigned long addr, struct mm_walk *walk)
{
	pick_into(&walk->ops);
	return walk_pmd_range(addr, walk);
}
static void picked_walker(struct work_struct *w)
{
	struct mm_walk walk = { .ops = &quiet_ops };

	walk_picked(0, &walk);
}

static struct work_struct wq_, wf, wp, wd, wm, wc, wr, wk;

void setup(void)
{
	t.plain_wq = alloc_workqueue("plain", 0, 0);
	t.reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&t.a, plain_fn);
	queue_work(t.plain_wq, &t.a);
	INIT_WORK(&wq_, quiet_walker);
	INIT_WORK(&wf, flushing_walker);
	INIT_WORK(&wp, pte_walker);
	INIT_WORK(&wd, direct_walker);
	INIT_WORK(&wm, mutable_walker);
	INIT_WORK(&wc, cond_walker);
	INIT_WORK(&wr, rewritten_walker);
	INIT_WORK(&wk, picked_walker);
	queue_work(t.reclaim_wq, &wk);
	queue_work(t.reclaim_wq, &wq_);
	queue_work(t.reclaim_wq, &wf);
	queue_work(t.reclaim_wq, &wp);
	queue_work(t.reclaim_wq, &wd);
	queue_work(t.reclaim_wq, &wm);
	queue_work(t.reclaim_wq, &wc);
	queue_work(t.reclaim_wq, &wr);
}
