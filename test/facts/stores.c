// The object a slot store writes into, and the function whose code makes
// it: assignments in a function are rooted like receivers; initializers of
// variables with static storage name the variable (with the path of a nested
// member or array element) and have no function; an automatic variable's
// initializer runs in its function. Stores of non-functions are no stores.
// object_key names the object as call arguments name it, where that name is
// exact (a member or variable written, not one reached through a pointer;
// top-level static initializers name it only for notifier blocks).
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s --implicit-check-not='"slot":' < %t/facts.json
// The program database's encoding keeps every fact:
// RUN: %wqdep-facts -p %t %s --roundtrip > %t/roundtrip.json
// RUN: diff %t/facts.json %t/roundtrip.json
struct bio;
typedef void bio_end_io_t(struct bio *);
struct bio { int flags; bio_end_io_t *bi_end_io; void *bi_private; };
struct ops { void (*cb)(void); int (*two)(void); };
struct super_operations { int x; };
struct super_block { const struct super_operations *s_op; struct ops *s_ops; };
struct outer { int n; struct ops inner; struct ops many[2]; };

static void my_end_io(struct bio *bio) { }
static void f1(void) { }
static void f2(void) { }
static int t1(void) { return 0; }
static const struct super_operations sops;
void (*global_fn)(void) = f1;

static const struct ops fops = { .cb = f1, .two = t1 };
// CHECK:      "stores": [
// CHECK-NEXT: {"function":"{{.*}}stores.c:f1","in_function":"","loc":"{{.*}}stores.c:[[@LINE-4]]:8","object":{"kind":"unknown"},"slot":"global_fn"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:f1","in_function":"","loc":"{{.*}}stores.c:[[@LINE-3]]:40","object":{"kind":"global","path":"","var":"{{.*}}stores.c:fops"},"slot":"struct ops::cb"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:t1","in_function":"","loc":"{{.*}}stores.c:[[@LINE-4]]:51","object":{"kind":"global","path":"","var":"{{.*}}stores.c:fops"},"slot":"struct ops::two"}

struct outer nested = { 1, .inner = { .cb = f2 }, .many = { { f1 }, [1].cb = f2 } };
// CHECK-NEXT: {"function":"{{.*}}stores.c:f2",{{.*}}stores.c:[[@LINE-1]]:45","object":{"kind":"global","path":".inner","var":"nested"},"object_key":"struct outer::inner","slot":"struct ops::cb"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:f1",{{.*}}stores.c:[[@LINE-2]]:63","object":{"kind":"global","path":".many[]","var":"nested"},"object_key":"struct outer::many[]","slot":"struct ops::cb"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:f2",{{.*}}stores.c:[[@LINE-3]]:78","object":{"kind":"global","path":".many[]","var":"nested"},"object_key":"struct outer::many[]","slot":"struct ops::cb"}

void submit(struct bio *bio, struct super_block *sb)
{
	bio->bi_end_io = my_end_io;
	sb->s_op = &sops;
	sb->s_ops->cb = f2;
	global_fn = f2;
}
// CHECK-NEXT: {"function":"{{.*}}stores.c:my_end_io","in_function":"submit","loc":"{{.*}}stores.c:[[@LINE-5]]:19","object":{"index":0,"kind":"param","path":""},"slot":"struct bio::bi_end_io"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:f2","in_function":"submit","loc":"{{.*}}stores.c:[[@LINE-4]]:18","object":{"index":1,"kind":"param","path":".s_ops"},"slot":"struct ops::cb"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:f2","in_function":"submit","loc":"{{.*}}stores.c:[[@LINE-4]]:14","object":{"kind":"unknown"},"slot":"global_fn"}

struct ops *make(void);
void locals(void)
{
	struct ops onstack = { .cb = f1 };
	struct ops *p = make();
	static struct ops once = { .two = t1 };

	p->two = t1;
	onstack.two = t1;
}
// CHECK-NEXT: {"function":"{{.*}}stores.c:f1","in_function":"locals","loc":"{{.*}}stores.c:[[@LINE-7]]:31","object":{"kind":"local","path":"","var":"locals()::onstack"},"slot":"struct ops::cb"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:t1","in_function":"","loc":"{{.*}}stores.c:[[@LINE-6]]:36","object":{"kind":"global","path":"","var":"locals()::once"},"slot":"struct ops::two"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:t1","in_function":"locals","loc":"{{.*}}stores.c:[[@LINE-5]]:11","object":{"kind":"local","path":"","var":"locals()::p"},"slot":"struct ops::two"}
// CHECK-NEXT: {"function":"{{.*}}stores.c:t1","in_function":"locals","loc":"{{.*}}stores.c:[[@LINE-5]]:16","object":{"kind":"local","path":"","var":"locals()::onstack"},"object_key":"locals()::onstack","slot":"struct ops::two"}
// CHECK-NEXT: ]
