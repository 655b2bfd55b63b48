// RUN: rm -rf %t && %gen-compdb -o %t %s %inputs/kernel/notifier.c
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON < %t/on.json
// RUN: FileCheck %s --check-prefix=STATS < %t/on.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-notifier-chains --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
//
// A notifier chain that is run calls the blocks registered on that chain
// (kernel/notifier.c's notifier_call_chain() is modelled, the way
// process_one_work() is), not every notifier_call: run_a_fn runs chain_a,
// on which only a_nb is registered (through a one-argument wrapper, as
// register_reboot_notifier() does), so b_flush (on chain_b) is not
// reached from it: the false path removed.
// ON:      "function": "a_flush",
// ON:      "function": "run_a_fn",
// ON:      "via": "notifier chain {{.*}}chain_a",
// ON-NEXT: "resolution": "chain",
// ON-NEXT: "candidates": 1
// a_flush keeps its real path; b_flush is reached only where the chain
// cannot be named: run_unknown_fn runs a chain read from a pointer kept in
// a struct, which falls back to every notifier_call (the fallback).
// ON:      "function": "b_flush",
// ON-NOT:  "function": "run_a_fn",
// ON:      "function": "run_unknown_fn",
// ON:      "via": "struct notifier_block::notifier_call",
// ON-NEXT: "resolution": "all-stores",
// ON-NOT:  "function": "run_a_fn",
// STATS:      "notifier_chain_calls": 2,
// STATS-NEXT: "notifier_chain_calls_fallback": 1,
//
// Without the mechanism, every run reaches every notifier_call, as before.
// OFF:     "function": "b_flush",
// OFF:     "function": "run_a_fn",
// OFF:     "via": "struct notifier_block::notifier_call",
// OFF-NEXT: "resolution": "all-stores",
// OFF-NOT: notifier_chain_calls
#include <linux/notifier.h>
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct ra, rb, ru, p, q; } *dev;
static void plain_fn(struct work_struct *w) {}

static BLOCKING_NOTIFIER_HEAD(chain_a);
static BLOCKING_NOTIFIER_HEAD(chain_b);
struct holder { struct blocking_notifier_head *chainp; } *holder;

static int a_flush(struct notifier_block *nb, unsigned long v, void *d)
{
	flush_work(&dev->p);
	return 0;
}
static int b_flush(struct notifier_block *nb, unsigned long v, void *d)
{
	flush_work(&dev->q);
	return 0;
}
static struct notifier_block a_nb = { .notifier_call = a_flush };
struct other { struct notifier_block nb; } *other;

int register_a_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&chain_a, nb);
}

static void run_a_fn(struct work_struct *w)
{
	blocking_notifier_call_chain(&chain_a, 0, 0);
}
static void run_b_fn(struct work_struct *w)
{
	blocking_notifier_call_chain(&chain_b, 0, 0);
}
static void run_unknown_fn(struct work_struct *w)
{
	blocking_notifier_call_chain(holder->chainp, 0, 0);
}

void init(void)
{
	other->nb.notifier_call = b_flush;
	register_a_notifier(&a_nb);
	blocking_notifier_chain_register(&chain_b, &other->nb);
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->ra, run_a_fn);
	INIT_WORK(&dev->rb, run_b_fn);
	INIT_WORK(&dev->ru, run_unknown_fn);
	INIT_WORK(&dev->p, plain_fn);
	INIT_WORK(&dev->q, plain_fn);
	queue_work(reclaim_wq, &dev->ra);
	queue_work(reclaim_wq, &dev->rb);
	queue_work(reclaim_wq, &dev->ru);
	queue_work(plain_wq, &dev->p);
	queue_work(plain_wq, &dev->q);
}
