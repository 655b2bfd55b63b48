/* Appended to a generated workqueue.h in drift.test: flush_work() renamed
 * (its #define is dropped there) and one function the model never heard of,
 * in the shapes a real header declares them. */
extern bool flush_work_item(struct work_struct *work);
static inline bool queue_work_fancy(struct workqueue_struct *wq,
				    struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}
