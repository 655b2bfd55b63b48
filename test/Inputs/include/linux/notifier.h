/* Mock of Linux 6.12 include/linux/notifier.h (the locks left out; the
 * API's names and types as in the kernel). Its functions are defined in
 * test/Inputs/kernel/notifier.c, a copy of kernel/notifier.c's shape. */
#ifndef _LINUX_NOTIFIER_H
#define _LINUX_NOTIFIER_H

struct notifier_block;
typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action,
			     void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block *next;
	int priority;
};

struct atomic_notifier_head {
	int lock;
	struct notifier_block *head;
};

struct blocking_notifier_head {
	int rwsem;
	struct notifier_block *head;
};

struct raw_notifier_head {
	struct notifier_block *head;
};

#define ATOMIC_NOTIFIER_HEAD(name) \
	struct atomic_notifier_head name = { 0, (struct notifier_block *)0 }
#define BLOCKING_NOTIFIER_HEAD(name) \
	struct blocking_notifier_head name = { 0, (struct notifier_block *)0 }
#define RAW_NOTIFIER_HEAD(name) \
	struct raw_notifier_head name = { (struct notifier_block *)0 }

int atomic_notifier_chain_register(struct atomic_notifier_head *nh,
				   struct notifier_block *nb);
int blocking_notifier_chain_register(struct blocking_notifier_head *nh,
				     struct notifier_block *nb);
int raw_notifier_chain_register(struct raw_notifier_head *nh,
				struct notifier_block *nb);
int atomic_notifier_call_chain(struct atomic_notifier_head *nh,
			       unsigned long val, void *v);
int blocking_notifier_call_chain(struct blocking_notifier_head *nh,
				 unsigned long val, void *v);
int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long val,
			    void *v);

#define NOTIFY_DONE 0
#define NOTIFY_OK 1
#define NOTIFY_STOP_MASK 0x8000

#endif
