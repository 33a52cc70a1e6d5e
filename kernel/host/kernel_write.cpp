#include "kernel/host/kernel_write.h"

namespace cf {

void write_then_reply(Kernel& kernel, Reply reply, std::function<int(db::Txn&)> run,
                      std::function<void(int status, Reply& reply)> done) {
    auto held = std::make_shared<Reply>(std::move(reply));
    db::WriteJob job;
    job.run = std::move(run);
    Kernel* k = &kernel;
    job.done = [held, done = std::move(done), k](int status) { k->complete([held, done, status] { done(status, *held); }); };
    if (kernel.writer->submit(std::move(job)) != 0) held->error(503, "the server is busy; try again");
}

} // namespace cf
