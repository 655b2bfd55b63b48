/* kernel/workqueue.c of 6.1 before the stable backport of de35994ecd2d
 * (and of 6.12 before 6.13): every wait, cancels too, is checked. Only read
 * as text by wqdep. A call in a comment, check_flush_dependency(wq, work,
 * from_cancel), is not the definition. */
static void check_flush_dependency(struct workqueue_struct *target_wq,
				   struct work_struct *target_work)
{
	if (target_wq->flags & WQ_MEM_RECLAIM)
		return;
}
