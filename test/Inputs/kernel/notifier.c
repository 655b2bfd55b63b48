/* The shape of Linux 6.12 kernel/notifier.c: every entry point ends in
 * notifier_chain_register() or notifier_call_chain(), which walks the list
 * and calls each block's notifier_call. */
#include <linux/notifier.h>

static int notifier_chain_register(struct notifier_block **nl,
				   struct notifier_block *n, int unique)
{
	while ((*nl) != 0) {
		if (n->priority > (*nl)->priority)
			break;
		nl = &((*nl)->next);
	}
	n->next = *nl;
	*nl = n;
	return 0;
}

static int notifier_call_chain(struct notifier_block **nl, unsigned long val,
			       void *v, int nr_to_call, int *nr_calls)
{
	int ret = NOTIFY_DONE;
	struct notifier_block *nb, *next_nb;

	nb = *nl;
	while (nb && nr_to_call) {
		next_nb = nb->next;
		ret = nb->notifier_call(nb, val, v);
		if (ret & NOTIFY_STOP_MASK)
			break;
		nb = next_nb;
		nr_to_call--;
	}
	return ret;
}

int atomic_notifier_chain_register(struct atomic_notifier_head *nh,
				   struct notifier_block *n)
{
	return notifier_chain_register(&nh->head, n, 0);
}

static int __blocking_notifier_chain_register(struct blocking_notifier_head *nh,
					      struct notifier_block *n,
					      int unique_priority)
{
	return notifier_chain_register(&nh->head, n, unique_priority);
}

int blocking_notifier_chain_register(struct blocking_notifier_head *nh,
				     struct notifier_block *n)
{
	return __blocking_notifier_chain_register(nh, n, 0);
}

int raw_notifier_chain_register(struct raw_notifier_head *nh,
				struct notifier_block *n)
{
	return notifier_chain_register(&nh->head, n, 0);
}

int atomic_notifier_call_chain(struct atomic_notifier_head *nh,
			       unsigned long val, void *v)
{
	return notifier_call_chain(&nh->head, val, v, -1, 0);
}

int blocking_notifier_call_chain(struct blocking_notifier_head *nh,
				 unsigned long val, void *v)
{
	int ret = NOTIFY_DONE;

	if (nh->head)
		ret = notifier_call_chain(&nh->head, val, v, -1, 0);
	return ret;
}

int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long val,
			    void *v)
{
	return notifier_call_chain(&nh->head, val, v, -1, 0);
}
