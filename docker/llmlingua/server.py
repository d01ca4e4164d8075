"""LLMLingua-2 prompt compression over HTTP: the optional `compression` service of Athena's compose stack.

Athena's LLMLingua-2 adapter (LLMLINGUA_URL) calls it before sending long prompts to Claude. Contract:

  POST /compress   {"context": str,                 the text to compress (required, not blank)
                    "instruction": str,             optional; LLMLingua-2 is task-agnostic, so it is accepted and
                                                    left out of the compression (the caller keeps it as it is)
                    "rate": float,                  share of tokens to keep, 0 < rate <= 1 (default 0.5)
                    "force_tokens": [str],          words always kept (at most 100)
                    "force_reserve_digit": bool}    keep every token with a digit (default true)
    200 {"compressed_prompt": str, "origin_tokens": int, "compressed_tokens": int,   (LLMLingua's names)
         "ratio": float (compressed_tokens / origin_tokens), "model": str}
  GET /health      200 {"status": "ok", "model": str} once the model is loaded,
                   503 {"status": "loading"} while it loads (the first start downloads it),
                   503 {"status": "failed", "error": str} when it could not be loaded.

Errors use llama.cpp's envelope, {"error": {"code": int, "message": str, "type": str}}: 400 invalid_request_error
(bad JSON, unknown field, value out of range), 404 not_found_error, 413 for a body over LLMLINGUA_MAX_BODY_BYTES,
503 unavailable_error while the model is not ready.

Only the standard library is used for HTTP, so the service runs wherever the llmlingua package does.
"""

import json
import logging
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_MODEL = "microsoft/llmlingua-2-xlm-roberta-large-meetingbank"
DEFAULT_PORT = 8003
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_RATE = 0.5
MAX_FORCE_TOKENS = 100
REQUEST_FIELDS = {"context", "instruction", "rate", "force_tokens", "force_reserve_digit"}

log = logging.getLogger("llmlingua-service")


class RequestError(Exception):
    def __init__(self, status, error_type, message):
        super().__init__(message)
        self.status = status
        self.error_type = error_type
        self.message = message


def load_llmlingua(model_name):
    """The real compressor: LLMLingua-2 on the CPU. Imported here so the tests run without the package."""
    from llmlingua import PromptCompressor

    return PromptCompressor(model_name=model_name, use_llmlingua2=True, device_map=os.environ.get("LLMLINGUA_DEVICE", "cpu"))


class CompressionService:
    """Loads the model in the background and serialises compressions (the model is CPU-bound and not thread-safe)."""

    def __init__(self, model_name, loader):
        self.model_name = model_name
        self._loader = loader
        self._compressor = None
        self._failure = None
        self._lock = threading.Lock()

    def load(self):
        started = time.monotonic()
        try:
            compressor = self._loader(self.model_name)
        except Exception as e:  # any failure to load is reported by /health, not raised into a dead thread
            log.exception("could not load %s", self.model_name)
            self._failure = f"{type(e).__name__}: {e}"
            return
        self._compressor = compressor
        log.info("loaded %s in %.1f s", self.model_name, time.monotonic() - started)

    def health(self):
        if self._compressor is not None:
            return 200, {"status": "ok", "model": self.model_name}
        if self._failure is not None:
            return 503, {"status": "failed", "error": self._failure}
        return 503, {"status": "loading"}

    def compress(self, request):
        if self._compressor is None:
            reason = "model failed to load: " + self._failure if self._failure else "Loading model"
            raise RequestError(503, "unavailable_error", reason)
        with self._lock:
            result = self._compressor.compress_prompt_llmlingua2(
                [request["context"]],
                rate=request["rate"],
                force_tokens=request["force_tokens"],
                force_reserve_digit=request["force_reserve_digit"],
                drop_consecutive=True,
            )
        original = int(result["origin_tokens"])
        compressed = int(result["compressed_tokens"])
        return {
            "compressed_prompt": result["compressed_prompt"],
            "origin_tokens": original,
            "compressed_tokens": compressed,
            "ratio": round(compressed / original, 4) if original else 1.0,
            "model": self.model_name,
        }


def parse_compress_request(body):
    try:
        request = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise RequestError(400, "invalid_request_error", f"body is not valid JSON: {e}")
    if not isinstance(request, dict):
        raise RequestError(400, "invalid_request_error", "body must be a JSON object")
    # A null optional field means "not given": clients serialising absent values as null are accepted.
    request = {name: value for name, value in request.items() if value is not None}
    unknown = sorted(set(request) - REQUEST_FIELDS)
    if unknown:
        raise RequestError(400, "invalid_request_error", f"unknown field(s): {', '.join(unknown)}")
    context = request.get("context")
    if not isinstance(context, str) or not context.strip():
        raise RequestError(400, "invalid_request_error", "context is required and must be a non-blank string")
    instruction = request.get("instruction", "")
    if not isinstance(instruction, str):
        raise RequestError(400, "invalid_request_error", "instruction must be a string")
    rate = request.get("rate", DEFAULT_RATE)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate <= 1:
        raise RequestError(400, "invalid_request_error", f"rate must be a number with 0 < rate <= 1, was {rate!r}")
    force_tokens = request.get("force_tokens", [])
    if not isinstance(force_tokens, list) or not all(isinstance(t, str) and t for t in force_tokens):
        raise RequestError(400, "invalid_request_error", "force_tokens must be a list of non-empty strings")
    if len(force_tokens) > MAX_FORCE_TOKENS:
        raise RequestError(400, "invalid_request_error",
                           f"force_tokens holds {len(force_tokens)} entries, at most {MAX_FORCE_TOKENS} are allowed")
    force_reserve_digit = request.get("force_reserve_digit", True)
    if not isinstance(force_reserve_digit, bool):
        raise RequestError(400, "invalid_request_error", "force_reserve_digit must be true or false")
    return {"context": context, "instruction": instruction, "rate": float(rate), "force_tokens": force_tokens,
            "force_reserve_digit": force_reserve_digit}


def make_handler(service, max_body_bytes):
    class Handler(BaseHTTPRequestHandler):
        server_version = "athena-llmlingua"
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if self.path == "/health":
                status, body = service.health()
                self._send(status, body)
            else:
                self._error(RequestError(404, "not_found_error", f"no route GET {self.path}"))

        def do_POST(self):
            if self.path != "/compress":
                self._discard_body()
                self._error(RequestError(404, "not_found_error", f"no route POST {self.path}"))
                return
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if length < 0:
                self._error(RequestError(400, "invalid_request_error", "Content-Length is not a number"))
                return
            if length > max_body_bytes:
                self.close_connection = True
                self._error(RequestError(413, "invalid_request_error",
                                         f"body of {length} bytes is over the limit of {max_body_bytes}"))
                return
            body = self.rfile.read(length)
            try:
                request = parse_compress_request(body)
                started = time.monotonic()
                result = service.compress(request)
                log.info("compressed %d -> %d tokens (rate %.2f) in %.0f ms", result["origin_tokens"],
                         result["compressed_tokens"], request["rate"], (time.monotonic() - started) * 1000)
                self._send(200, result)
            except RequestError as e:
                self._error(e)
            except Exception as e:  # a model failure is a 500 with a message, never a stack trace on the wire
                log.exception("compression failed")
                self._error(RequestError(500, "server_error", f"compression failed: {type(e).__name__}: {e}"))

        def _discard_body(self):
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                return
            if 0 < length <= max_body_bytes:
                self.rfile.read(length)

        def _error(self, error):
            self._send(error.status, {"error": {"code": error.status, "message": error.message, "type": error.error_type}})

        def _send(self, status, body):
            payload = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, fmt, *args):
            log.debug("%s " + fmt, self.address_string(), *args)

    return Handler


def make_server(service, host="0.0.0.0", port=DEFAULT_PORT, max_body_bytes=DEFAULT_MAX_BODY_BYTES):
    return ThreadingHTTPServer((host, port), make_handler(service, max_body_bytes))


def main():
    logging.basicConfig(level=os.environ.get("LLMLINGUA_LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    service = CompressionService(os.environ.get("LLMLINGUA_MODEL", DEFAULT_MODEL), load_llmlingua)
    port = int(os.environ.get("LLMLINGUA_PORT", DEFAULT_PORT))
    server = make_server(service, port=port,
                         max_body_bytes=int(os.environ.get("LLMLINGUA_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)))
    threading.Thread(target=service.load, name="model-loader", daemon=True).start()
    log.info("listening on port %d, loading %s", port, service.model_name)
    server.serve_forever()


if __name__ == "__main__":
    main()
