# gpu-doctor's deep probe: imports the GPU frameworks of this interpreter, touches the GPU, and
# reports what really loaded. Prints one JSON object on stdout; never raises.
import json, os, sys

out = {"python": sys.version.split()[0], "executable": sys.executable, "frameworks": {}}

def attempt(name, fn):
    try:
        out["frameworks"][name] = fn()
    except ImportError as e:
        out["frameworks"][name] = {"error": "not importable: %s" % e}
    except Exception as e:  # the failure is the fact
        out["frameworks"][name] = {"error": "%s: %s" % (type(e).__name__, e)}

def torch_info():
    import torch
    info = {"version": torch.__version__, "builtForCuda": torch.version.cuda,
            "cudnn": torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
            "cudaAvailable": torch.cuda.is_available()}
    if info["cudaAvailable"]:
        info["deviceCount"] = torch.cuda.device_count()
        info["devices"] = [{"name": torch.cuda.get_device_name(i),
                            "capability": "%d.%d" % torch.cuda.get_device_capability(i)}
                           for i in range(torch.cuda.device_count())]
        a = torch.ones(64, 64, device="cuda")
        info["matmulOk"] = bool(((a @ a) == 64).all().item())
        if info["cudnn"] is not None:
            x = torch.ones(1, 1, 8, 8, device="cuda")
            w = torch.ones(1, 1, 3, 3, device="cuda")
            info["convOk"] = bool(torch.nn.functional.conv2d(x, w)[0, 0, 0, 0].item() == 9.0)
    return info

def tensorflow_info():
    import tensorflow as tf
    return {"version": tf.__version__, "gpus": [d.name for d in tf.config.list_physical_devices("GPU")]}

wanted = [a for a in sys.argv[1:]] or ["torch"]
if "torch" in wanted:
    attempt("torch", torch_info)
if "tensorflow" in wanted:
    attempt("tensorflow", tensorflow_info)

maps = []
try:
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split(None, 5)
            if len(parts) == 6 and ".so" in parts[5]:
                p = parts[5].strip()
                if p not in maps:
                    maps.append(p)
except OSError as e:
    out["mapsError"] = str(e)
out["mapped"] = maps
print(json.dumps(out))
