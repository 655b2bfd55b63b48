// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON < %t/on.json
// RUN: FileCheck %s --check-prefix=STATS < %t/on.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-init-sections --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
//
// Code in .init.text and .exit.text (the kernel's __init and __exit) is not
// entered from code outside them: it runs at boot or module unload, and is
// freed (or never built in) after. worker_fn calls setup_once (an __init
// function, through a slot and directly): the path through it is removed
// (the false path), as is its call of teardown (__exit). late_fn reaches the same flush from runtime code: kept
// (the real path). A function in another section (.sched.text, the
// kernel's __sched) is followed as before (not a terminal section).
// ON:      "function": "flush_it",
// ON-NOT:  "function": "worker_fn",
// ON:      "function": "late_fn",
// ON-NOT:  "function": "worker_fn",
// ON:      "function": "sched_fn",
// ON-NOT:  "function": "worker_fn",
// STATS:   "init_section_edges_removed": 3,
// OFF:     "function": "worker_fn",
// OFF:     "function": "setup_once",
// OFF-NOT: init_section_edges_removed
#include <linux/workqueue.h>

#define __init __attribute__((section(".init.text")))
#define __exit __attribute__((section(".exit.text")))
#define __sched __attribute__((section(".sched.text")))

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct w, l, s, p; } *dev;
struct ops { void (*setup)(void); } *ops;
static void plain_fn(struct work_struct *w) {}
static void flush_it(void) { flush_work(&dev->p); }
static void __init setup_once(void) { flush_it(); }
static void __exit teardown(void) { flush_it(); }
static void __sched in_sched(void) { flush_it(); }
static struct ops boot_ops = { .setup = setup_once };

static void worker_fn(struct work_struct *w)
{
	ops->setup();
	setup_once();
	teardown();
}
static void late_fn(struct work_struct *w) { flush_it(); }
static void sched_fn(struct work_struct *w) { in_sched(); }

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->w, worker_fn);
	INIT_WORK(&dev->l, late_fn);
	INIT_WORK(&dev->s, sched_fn);
	INIT_WORK(&dev->p, plain_fn);
	queue_work(reclaim_wq, &dev->w);
	queue_work(reclaim_wq, &dev->l);
	queue_work(reclaim_wq, &dev->s);
	queue_work(plain_wq, &dev->p);
}
