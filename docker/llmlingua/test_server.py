"""Tests of the compression service's HTTP contract against a stand-in for the LLMLingua-2 model.

Run: python3 -m unittest discover -s docker/llmlingua   (scripts/check-deploy.sh runs them; no llmlingua needed)
"""

import http.client
import json
import threading
import unittest

import logging

import server

logging.getLogger("llmlingua-service").setLevel(logging.CRITICAL)


class KeepEveryOtherWord:
    """Stands in for llmlingua.PromptCompressor: keeps forced words and every second other word."""

    def __init__(self):
        self.calls = []

    def compress_prompt_llmlingua2(self, context, rate, force_tokens, force_reserve_digit, drop_consecutive):
        self.calls.append({"context": context, "rate": rate, "force_tokens": force_tokens,
                           "force_reserve_digit": force_reserve_digit, "drop_consecutive": drop_consecutive})
        words = context[0].split()
        kept = [w for i, w in enumerate(words) if i % 2 == 0 or w in force_tokens]
        return {"compressed_prompt": " ".join(kept), "origin_tokens": len(words), "compressed_tokens": len(kept),
                "ratio": "2.0x", "rate": "50.0%"}


class ServiceUnderTest:
    def __init__(self, loader):
        self.service = server.CompressionService("test/model", loader)
        self.httpd = server.make_server(self.service, host="127.0.0.1", port=0, max_body_bytes=2048)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def request(self, method, path, body=None, raw=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.httpd.server_address[1], timeout=5)
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        answer = json.loads(response.read())
        connection.close()
        return response.status, answer

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class CompressionServiceTest(unittest.TestCase):

    def setUp(self):
        self.model = KeepEveryOtherWord()
        self.release_loading = threading.Event()

        def loader(name):
            self.assertEqual(name, "test/model")
            self.release_loading.wait(5)
            return self.model

        self.under_test = ServiceUnderTest(loader)
        self.loading = threading.Thread(target=self.under_test.service.load, daemon=True)
        self.loading.start()

    def tearDown(self):
        self.release_loading.set()
        self.under_test.close()

    def loaded(self):
        self.release_loading.set()
        self.loading.join(5)

    def test_health_is_503_loading_until_the_model_is_loaded_then_ok(self):
        self.assertEqual(self.under_test.request("GET", "/health"), (503, {"status": "loading"}))
        self.loaded()
        self.assertEqual(self.under_test.request("GET", "/health"), (200, {"status": "ok", "model": "test/model"}))

    def test_compress_while_loading_is_503_in_llamacpp_envelope(self):
        status, body = self.under_test.request("POST", "/compress", {"context": "a b c"})
        self.assertEqual(status, 503)
        self.assertEqual(body["error"]["type"], "unavailable_error")
        self.assertEqual(body["error"]["message"], "Loading model")

    def test_compresses_with_the_requested_rate_and_forced_tokens(self):
        self.loaded()
        status, body = self.under_test.request("POST", "/compress", {
            "context": "the build failed twice because port 8001 was busy", "instruction": "why did it fail?",
            "rate": 0.4, "force_tokens": ["busy"]})
        self.assertEqual(status, 200)
        self.assertEqual(body, {"compressed_prompt": "the failed because 8001 busy", "origin_tokens": 9,
                                "compressed_tokens": 5, "ratio": 0.5556, "model": "test/model"})
        self.assertEqual(self.model.calls, [{"context": ["the build failed twice because port 8001 was busy"],
                                             "rate": 0.4, "force_tokens": ["busy"], "force_reserve_digit": True,
                                             "drop_consecutive": True}])

    def test_defaults_rate_half_no_forced_tokens_digits_kept(self):
        self.loaded()
        status, _ = self.under_test.request("POST", "/compress", {"context": "one two three"})
        self.assertEqual(status, 200)
        self.assertEqual(self.model.calls[0]["rate"], 0.5)
        self.assertEqual(self.model.calls[0]["force_tokens"], [])
        self.assertTrue(self.model.calls[0]["force_reserve_digit"])

    def test_null_optional_fields_mean_not_given(self):
        self.loaded()
        status, _ = self.under_test.request("POST", "/compress", {"context": "one two three", "instruction": None,
                                                                  "rate": None, "force_tokens": None})
        self.assertEqual(status, 200)
        self.assertEqual(self.model.calls[0]["rate"], 0.5)
        self.assertEqual(self.model.calls[0]["force_tokens"], [])

    def test_rejects_bad_requests_with_400_and_a_reason_without_calling_the_model(self):
        self.loaded()
        cases = {
            "not json": (b"{nope", "body is not valid JSON"),
            "not an object": (b"[1,2]", "body must be a JSON object"),
            "missing context": (json.dumps({"rate": 0.5}).encode(), "context is required"),
            "blank context": (json.dumps({"context": "  "}).encode(), "context is required"),
            "rate zero": (json.dumps({"context": "x", "rate": 0}).encode(), "rate must be a number"),
            "rate above one": (json.dumps({"context": "x", "rate": 1.5}).encode(), "rate must be a number"),
            "rate as text": (json.dumps({"context": "x", "rate": "0.5"}).encode(), "rate must be a number"),
            "force tokens not strings": (json.dumps({"context": "x", "force_tokens": [1]}).encode(), "force_tokens must"),
            "too many force tokens": (json.dumps({"context": "x", "force_tokens": ["w"] * 101}).encode(), "at most 100"),
            "unknown field": (json.dumps({"context": "x", "ratio": 0.5}).encode(), "unknown field(s): ratio"),
        }
        for name, (raw, reason) in cases.items():
            with self.subTest(name):
                status, body = self.under_test.request("POST", "/compress", raw=raw)
                self.assertEqual(status, 400)
                self.assertEqual(body["error"]["type"], "invalid_request_error")
                self.assertEqual(body["error"]["code"], 400)
                self.assertIn(reason, body["error"]["message"])
        self.assertEqual(self.model.calls, [])

    def test_body_over_the_limit_is_413(self):
        self.loaded()
        status, body = self.under_test.request("POST", "/compress", {"context": "x" * 4096})
        self.assertEqual(status, 413)
        self.assertIn("over the limit of 2048", body["error"]["message"])

    def test_unknown_route_is_404(self):
        self.assertEqual(self.under_test.request("GET", "/metrics")[0], 404)
        self.assertEqual(self.under_test.request("POST", "/v1/compress", {"context": "x"})[0], 404)

    def test_model_failure_during_compression_is_500_with_message(self):
        self.loaded()

        def broken(*args, **kwargs):
            raise RuntimeError("tensor on fire")

        self.model.compress_prompt_llmlingua2 = broken
        status, body = self.under_test.request("POST", "/compress", {"context": "x"})
        self.assertEqual(status, 500)
        self.assertEqual(body["error"]["type"], "server_error")
        self.assertIn("RuntimeError: tensor on fire", body["error"]["message"])


class ModelThatCannotLoadTest(unittest.TestCase):

    def test_health_and_compress_report_the_load_failure(self):
        def loader(name):
            raise OSError("no such model on the hub")

        under_test = ServiceUnderTest(loader)
        try:
            under_test.service.load()
            status, body = under_test.request("GET", "/health")
            self.assertEqual(status, 503)
            self.assertEqual(body, {"status": "failed", "error": "OSError: no such model on the hub"})
            status, body = under_test.request("POST", "/compress", {"context": "x"})
            self.assertEqual(status, 503)
            self.assertIn("model failed to load: OSError", body["error"]["message"])
        finally:
            under_test.close()


if __name__ == "__main__":
    unittest.main()
