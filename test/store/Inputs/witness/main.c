#include "witness.h"

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct a, p; } *dev;
struct sb *some_sb;
static void plain_fn(struct work_struct *w) {}

void deactivate(struct sb *s)
{
	s->s_type->kill_sb(s);
}
static void xfs_kill(struct sb *s)
{
	struct xfs_mount *mp = s->s_fs_info;
	flush_work(&dev->p);
	(void)mp;
}
static void other_kill(struct sb *s) {}
struct fstype xfs_type = { .kill_sb = xfs_kill };
struct fstype other_type = { .kill_sb = other_kill };

static void nfs_worker(struct work_struct *w)
{
	nfs_sb_deactive(some_sb);
}

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->a, nfs_worker);
	INIT_WORK(&dev->p, plain_fn);
	queue_work(reclaim_wq, &dev->a);
	queue_work(plain_wq, &dev->p);
}
