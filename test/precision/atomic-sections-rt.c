// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 > %t/out.txt 2>&1
// RUN: FileCheck %s --implicit-check-not=warning: < %t/out.txt
// RUN: %wqdep-facts -p %t %s | FileCheck %s --check-prefix=FACTS
//
// Atomic sections and PREEMPT_RT: there, include/linux/bottom_half.h
// declares __local_bh_disable_ip() out of line (kernel/softirq.c takes a
// per-CPU lock, and the section may sleep), so local_bh_disable() enters
// no atomic section: bh_fn's flush is kept. preempt_disable() is a
// section on RT too (preempt_fn: removed).
//
// CHECK:     warning: WQ_MEM_RECLAIM 'reclaim':bh_fn is flushing !WQ_MEM_RECLAIM 'plain':plain_fn
// CHECK:     wqdep: 1 finding
// FACTS:     "key": "{{.*}}:bh_fn",
// FACTS-NOT: "atomic"
// FACTS:     "key": "{{.*}}:flush_b",
#include <linux/workqueue.h>
#include <linux/preempt.h>

/* include/linux/bottom_half.h with CONFIG_PREEMPT_RT. */
extern void __local_bh_disable_ip(unsigned long ip, unsigned int cnt);
static inline void local_bh_disable(void)
{
	__local_bh_disable_ip(0, 512);
}
extern void __local_bh_enable_ip(unsigned long ip, unsigned int cnt);
static inline void local_bh_enable(void)
{
	__local_bh_enable_ip(0, 512);
}

static struct workqueue_struct *plain_wq, *reclaim_wq;
static struct work_struct a, b, wa, wb;
static void plain_fn(struct work_struct *w) { }
static void flush_a(void) { flush_work(&a); }
static void flush_b(void) { flush_work(&b); }

static void bh_fn(struct work_struct *w)
{
	local_bh_disable();
	flush_a();
	local_bh_enable();
}

static void preempt_fn(struct work_struct *w)
{
	preempt_disable();
	flush_b();
	preempt_enable();
}

void setup(void)
{
	plain_wq = alloc_workqueue("plain", 0, 0);
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&a, plain_fn);
	INIT_WORK(&b, plain_fn);
	queue_work(plain_wq, &a);
	queue_work(plain_wq, &b);
	INIT_WORK(&wa, bh_fn);
	INIT_WORK(&wb, preempt_fn);
	queue_work(reclaim_wq, &wa);
	queue_work(reclaim_wq, &wb);
}
