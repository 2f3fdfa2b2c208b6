#!/usr/bin/python3
"""The values and texts of PyTorch 1.13.1 that tests/core/torch_v1_13_test.cpp pins.

    /usr/bin/python3 tests/core/torch_v1_13_values.py

Needs Debian's python3-torch (1.13.1). Prints each case's lrs (as Python's repr) or error.
"""
import math, warnings, torch
from torch.optim import SGD, Adam
from torch.optim import lr_scheduler as L
from torch.optim.swa_utils import SWALR
warnings.simplefilter("ignore")

def opt(lrs=(0.05,), initial=None, cls=SGD, **kw):
    o = cls([{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in lrs], lr=lrs[0], **kw)
    if initial is not None:
        for g, v in zip(o.param_groups, initial):
            g["initial_lr"] = v
    return o

def run(o, s, n, momentum=False):
    out = []
    for _ in range(n):
        out.append(o.param_groups[0]["momentum"] if momentum else o.param_groups[0]["lr"])
        s.step()
    return out

def err(f):
    try:
        f()
    except Exception as e:
        return f"{type(e).__name__}: {e.args[0] if isinstance(e, KeyError) else e}"
    return None

def show(name, vals):
    print(f"{name} = {{{', '.join(repr(v) for v in vals)}}}")

# resume, lr 0.05 with initial_lr 0.05
o = opt(initial=[0.05]); show("exponential_resume", run(o, L.ExponentialLR(o, 0.9, last_epoch=5), 4))
o = opt(initial=[0.05]); show("multiplicative_resume", run(o, L.MultiplicativeLR(o, lambda e: 0.9, last_epoch=0), 4))
o = opt(initial=[0.05]); show("polynomial_resume", run(o, L.PolynomialLR(o, total_iters=5, last_epoch=2), 4))
o = opt(initial=[0.05]); show("linear_resume", run(o, L.LinearLR(o, 0.5, total_iters=4, last_epoch=2), 4))
o = opt(initial=[0.05]); show("cosine_resume", run(o, L.CosineAnnealingLR(o, T_max=10, last_epoch=5), 4))
# tutorial: Adam lr 1 initial_lr 1
o = opt((1.0,), initial=[1.0], cls=Adam); show("tutorial", run(o, L.CosineAnnealingLR(o, T_max=40, eta_min=0.2, last_epoch=10), 5))
# MultiplicativeLR after a milestone
o = opt()
s = L.SequentialLR(o, [L.ConstantLR(o, 0.1, 3), L.MultiplicativeLR(o, lambda e: 0.9)], [3])
show("multiplicative_after_milestone", run(o, s, 7))
# SWALR after a milestone
o = opt()
s = L.SequentialLR(o, [L.ExponentialLR(o, 0.9), SWALR(o, swa_lr=0.01, anneal_epochs=3, anneal_strategy="linear")], [2])
show("swalr_after_milestone", run(o, s, 7))
# CAWR T_cur reset
o = opt(); s = L.CosineAnnealingWarmRestarts(o, T_0=4)
tc = []; lr = []
for t in (7, 8, 9):
    s.T_cur = t; s.step(); tc.append(s.T_cur); lr.append(o.param_groups[0]["lr"])
show("cawr_t_cur", tc); show("cawr_lr", lr)
# CyclicLR resume momentum read from the group (momentum 0.85)
o = opt(initial=[0.05], momentum=0.85)
s = L.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4, base_momentum=0.8, max_momentum=0.9, last_epoch=5)
m = run(o, s, 5, momentum=True)
show("cyclic_resume_momentum", m)
print("cyclic_adam:", err(lambda: L.CyclicLR(opt(cls=Adam), 0.01, 0.1)))
# OneCycleLR step past total
o = opt(); s = L.OneCycleLR(o, max_lr=0.1, total_steps=3)
print("onecycle_past:", err(lambda: [s.step() for _ in range(4)]))
print("onecycle_anneal:", err(lambda: L.OneCycleLR(opt(), max_lr=0.1, total_steps=3, anneal_strategy="exp")))
print("onecycle_epochs:", err(lambda: L.OneCycleLR(opt(), max_lr=0.1, epochs=3)))
print("onecycle_len:", err(lambda: L.OneCycleLR(opt(), max_lr=[0.1, 0.2], total_steps=3)))
print("onecycle_plain:", err(lambda: L.OneCycleLR(opt(cls=torch.optim.Adagrad), max_lr=0.1, total_steps=3)))
# LinearLR start_factor 0
o = opt(); s = L.LinearLR(o, start_factor=0.0, total_iters=4)
print("linear_zero_lr0:", repr(o.param_groups[0]["lr"]))
print("linear_zero_step:", err(lambda: s.step()))
print("linear_negative:", err(lambda: L.LinearLR(opt(), start_factor=-0.1)))
# ReduceLROnPlateau after add_param_group
o = opt((0.5,)); s = L.ReduceLROnPlateau(o, patience=0)
s.step(1.0)
o.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.05})
print("plateau_add:", err(lambda: s.step(2.0)), repr(o.param_groups[0]["lr"]), repr(o.param_groups[1]["lr"]))
# composites
o = opt(); o2 = opt()
print("seq_other_opt:", err(lambda: L.SequentialLR(o, [L.StepLR(o, 2), L.StepLR(o2, 2)], [3])))
print("seq_milestones:", err(lambda: L.SequentialLR(o, [L.StepLR(o, 2)], [3])))
print("seq_empty:", err(lambda: L.SequentialLR(o, [], [])))
print("chained_other_opt:", err(lambda: L.ChainedScheduler([L.StepLR(o, 2), L.StepLR(o2, 2)])))
print("chained_empty:", err(lambda: L.ChainedScheduler([])))
o = opt(); 
print("seq_nested_chained:", err(lambda: L.SequentialLR(o, [L.StepLR(o, 2), L.ChainedScheduler([L.StepLR(o, 2)])], [3])))
o = opt()
print("seq_plateau_first:", err(lambda: L.SequentialLR(o, [L.ReduceLROnPlateau(o), L.StepLR(o, 2)], [3])))
o = opt(); s = L.ChainedScheduler([L.StepLR(o, 2), L.ReduceLROnPlateau(o)])
print("chained_plateau:", err(lambda: s.step()))
print("keyerror:", err(lambda: L.StepLR(opt(), 3, last_epoch=2)))
print("swalr_len:", err(lambda: SWALR(opt(), swa_lr=[0.1, 0.2])))
print("cyclic_len:", err(lambda: L.CyclicLR(opt(momentum=0.9), base_lr=[0.1, 0.2], max_lr=0.5)))
