/* kernel/workqueue.c as 6.1.192 and 6.12 have it (de35994ecd2d): cancels
 * pass from_cancel and are not checked. Only read as text by wqdep. */
static void check_flush_dependency(struct workqueue_struct *target_wq,
				   struct work_struct *target_work,
				   bool from_cancel)
{
	if (from_cancel || target_wq->flags & WQ_MEM_RECLAIM)
		return;
}
