"""POST /api/train/step and the data sets: the two-layer net of 5.7, trained by the engine.

Stateless: the parameters come in and go out, so a script (or the page) holds the state, and the
same request always gives the same answer (mini-batches are chosen by (seed, step)). The
training runs in a worker thread through the app's gate; a long one in its worker processes.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from compgraph import datasets, train

from ..body import body_spec, model_body
from ..gate import offload
from ..schemas.responses import ERRORS
from ..schemas.train import DataSetInfo, StepRequest, StepResponse
from ..serialize import number_or_list

router = APIRouter(prefix="/api/train", tags=["training"])
LIMIT = 3.0  # the heatmap covers [-LIMIT/2, LIMIT/2] in both coordinates


def _json(params: dict) -> dict:
    return {k: number_or_list(v) for k, v in params.items()}


@router.get("/datasets", summary="The built-in data sets", response_model=list[DataSetInfo])
def list_datasets():
    """Name, number of classes and size of each built-in data set."""
    out = []
    for name in datasets.MAKERS:
        d = datasets.load(name)
        out.append(DataSetInfo(name=name, classes=d.classes, size=len(d.t)))
    return out


@router.get("/datasets/{name}", summary="One data set's points", response_model=DataSetInfo,
            responses={404: {"description": "No such data set"}})
def dataset(name: str, seed: int = 0):
    """The points (x) and class labels (t) of a built-in data set."""
    if name not in datasets.MAKERS or not 0 <= seed < 2**31:
        raise HTTPException(404, f"no data set named {name!r} with seed {seed}")
    d = datasets.load(name, seed)
    return DataSetInfo(name=name, classes=d.classes, size=len(d.t), x=d.x.tolist(),
                       t=d.t.tolist())


@router.post("/step", summary="Run SGD steps of the two-layer net", response_model=StepResponse,
             responses=ERRORS, openapi_extra=body_spec("StepRequest", "Training settings"))
async def step(request: Request, req: StepRequest = Depends(model_body(StepRequest))):
    """Mini-batch, gradient (backprop through the engine), update; repeated `steps` times."""
    work = req.steps * req.batch_size * req.hidden_size  # a rough count of a run's arithmetic
    return await offload(request, request.app.state.gate.in_process, _step, req,
                         heavy=work > request.app.state.settings.process_work)


def _step(req: StepRequest) -> JSONResponse:
    data = datasets.load(req.dataset, req.data_seed)
    if req.params is None:
        params = train.init_params(2, req.hidden_size, data.classes, seed=req.seed,
                                   weight_init_std=req.weight_init_std)
    else:
        params = train.check_params(req.params.model_dump(), data.classes)
    r = train.run(params, data.x, data.t, steps=req.steps, lr=req.learning_rate,
                  batch_size=req.batch_size, seed=req.seed, start=req.step)
    loss, acc = train.evaluate_on(r.params, data.x, data.t)
    out = {"dataset": req.dataset, "step": req.step + req.steps,
           "hidden_size": r.params["W1"].shape[1], "params": _json(r.params),
           "losses": [number_or_list(v) for v in r.losses], "loss": number_or_list(loss),
           "accuracy": acc, "last": None, "boundary": None, "gradcheck": None, "graph": None}
    if r.last is not None:
        out["last"] = {"batch": r.last.batch.tolist(), "loss": number_or_list(r.last.loss),
                       "grads": _json(r.last.grads)}
    rows = r.last.batch if r.last is not None else train.minibatch(
        len(data.t), req.batch_size, req.seed, req.step)
    xb, tb = data.x[rows], data.t[rows]
    if req.grid:
        b = train.boundary(r.params, -LIMIT / 2, LIMIT / 2, req.grid)
        out["boundary"] = {"axis": b["axis"].tolist(), "cls": b["cls"].tolist(),
                           "prob": number_or_list(b["prob"])}
    if req.gradcheck:
        out["gradcheck"] = {k: {kk: number_or_list(vv) if kk != "ok" else vv
                                for kk, vv in row.items()}
                            for k, row in train.gradient_check(r.before, xb, tb).items()}
    if req.graph:
        doc = train.network_document(xb, tb, r.before)
        for n in doc["nodes"]:
            if "value" in n:
                n["value"] = number_or_list(n["value"])
        out["graph"] = doc
    return JSONResponse(out)
