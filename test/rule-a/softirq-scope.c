// The network receive path sets PF_MEMALLOC for SOCK_MEMALLOC sockets
// (net/core/dev.c:__netif_receive_skb, net/core/sock.c:__sk_backlog_rcv).
// wqdep cannot tell softirq from process context, so these scopes are
// contexts like any other (docs/rule.md, "Softirq"): __sk_backlog_rcv also
// runs in process context, from release_sock(). Only the calls inside the
// scope count: the other branch, and the code after the restore, do not.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>
#include <linux/sched/mm.h>

struct sock {
	int (*sk_backlog_rcv)(struct sock *sk, void *skb);
	int flags;
};
struct proto_state {
	struct workqueue_struct *plain_wq;
	struct work_struct w, after, other;
};
static struct proto_state ps;
static void w_fn(struct work_struct *w) { }

static int proto_backlog_rcv(struct sock *sk, void *skb)
{
	flush_work(&ps.w);
// CHECK: softirq-scope.c:[[@LINE-1]]:2: warning: PF_MEMALLOC task __sk_backlog_rcv is flushing !WQ_MEM_RECLAIM 'plain':w_fn [wq-flush-dependency]
	return 0;
}
static void after_fn(void) { flush_work(&ps.after); }
static void other_fn(void) { flush_work(&ps.other); }

int __sk_backlog_rcv(struct sock *sk, void *skb)
{
	int ret;
	unsigned int noreclaim_flag;

	if (!sk->flags) {
		other_fn();
		return 0;
	}
	noreclaim_flag = memalloc_noreclaim_save();
	ret = sk->sk_backlog_rcv(sk, skb);
	memalloc_noreclaim_restore(noreclaim_flag);
	after_fn();
	return ret;
}

static struct sock proto_sock = { .sk_backlog_rcv = proto_backlog_rcv };

int init(void)
{
	ps.plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&ps.w, w_fn);
	INIT_WORK(&ps.after, w_fn);
	INIT_WORK(&ps.other, w_fn);
	queue_work(ps.plain_wq, &ps.w);
	queue_work(ps.plain_wq, &ps.after);
	queue_work(ps.plain_wq, &ps.other);
	return 0;
}
