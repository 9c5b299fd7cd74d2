"""The loopback server plus a fake OpenAI Batch API (/v1/files, /v1/batches) and a grounded chat responder.

with BatchLoopback(responder=grounded_responder) as srv:
    ...submit...
    srv.finish_batches(fail=lambda custom_id: False)   # what OpenAI does within 24 h
    ...collect...
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import default as email_policy
from typing import Any

from summarizer.backends import Message
from summarizer.backends.fake import SchemaFake
from tests.loopback import LoopbackServer, RecordedRequest, Reply, error_body

_fake = SchemaFake(model="loopback-model")


def grounded_responder(body: dict[str, Any]) -> str:
    """Answer any of our structured requests from the numbered sentences it shows (SchemaFake's rule)."""
    messages = [Message(m["role"], m.get("content") or "") for m in body.get("messages") or []]
    fmt = body.get("response_format") or {}
    schema = (fmt.get("json_schema") or {}).get("schema") if isinstance(fmt, dict) else None
    return _fake.complete(messages, json_schema=schema).text


class BatchLoopback(LoopbackServer):
    """LoopbackServer with in-memory files and batches; batches finish when the test says so."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self._fids = itertools.count(1)

    def _dispatch(self, req: RecordedRequest) -> Reply:
        if req.path.startswith(("/v1/files", "/v1/batches")):
            with self._lock:
                self.requests.append(req)
            return self._batch_api(req)
        return super()._dispatch(req)

    # ------------------------------------------------------------------ routes

    def _batch_api(self, req: RecordedRequest) -> Reply:
        parts = req.path.strip("/").split("/")  # v1, files|batches, [id], [content]
        if parts[1] == "files" and req.method == "POST" and len(parts) == 2:
            return self._upload(req)
        if parts[1] == "files" and len(parts) == 4 and parts[3] == "content":
            data = self.files.get(parts[2])
            if data is None:
                return Reply(404, error_body(f"no file {parts[2]}"))
            return Reply(200, data, {"Content-Type": "application/octet-stream"})
        if parts[1] == "batches" and req.method == "POST" and len(parts) == 2:
            body = req.body or {}
            if body.get("input_file_id") not in self.files:
                return Reply(400, error_body("input_file_id does not exist", param="input_file_id"))
            bid = f"batch_{next(self._fids)}"
            self.batches[bid] = {
                "id": bid, "object": "batch", "endpoint": body.get("endpoint"), "errors": None,
                "input_file_id": body["input_file_id"], "completion_window": body.get("completion_window"),
                "status": "in_progress", "output_file_id": None, "error_file_id": None,
                "created_at": int(time.time()), "metadata": body.get("metadata"),
            }  # fmt: skip
            return Reply(200, self.batches[bid])
        if parts[1] == "batches" and req.method == "GET" and len(parts) == 3:
            b = self.batches.get(parts[2])
            return Reply(200, b) if b else Reply(404, error_body(f"no batch {parts[2]}"))
        return Reply(404, error_body(f"no route for {req.method} {req.path}"))

    def _upload(self, req: RecordedRequest) -> Reply:
        ctype = req.headers.get("content-type", "")
        msg = BytesParser(policy=email_policy).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + req.raw)
        data, purpose, filename = b"", None, "upload.jsonl"
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if name == "file":
                data, filename = payload, part.get_filename() or filename
            elif name == "purpose":
                purpose = payload.decode()
        if purpose != "batch":
            return Reply(400, error_body("purpose must be batch", param="purpose"))
        fid = f"file-{next(self._fids)}"
        self.files[fid] = data
        return Reply(200, {"id": fid, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                           "filename": filename, "purpose": "batch", "status": "processed"})  # fmt: skip

    # ------------------------------------------------------------------ test controls

    def batch_lines(self, batch_id: str) -> list[dict[str, Any]]:
        """The requests of one batch as uploaded."""
        data = self.files[self.batches[batch_id]["input_file_id"]]
        return [json.loads(x) for x in data.decode().splitlines() if x.strip()]

    def finish_batches(self, fail: Callable[[str], bool] = lambda cid: False) -> int:
        """Answer every in-progress batch with the responder (``fail(custom_id)`` -> an error line instead)."""
        done = 0
        for bid, b in self.batches.items():
            if b["status"] != "in_progress":
                continue
            out, err = [], []
            for line in self.batch_lines(bid):
                cid = line["custom_id"]
                if fail(cid):
                    err.append({"id": f"br_{cid}", "custom_id": cid, "response": None,
                                "error": {"code": "server_error", "message": "loopback batch failure"}})  # fmt: skip
                    continue
                assert self.responder is not None
                content = self.responder(line["body"])
                assert isinstance(content, str)
                body = self.completion_body(line["body"], content=content)
                out.append({"id": f"br_{cid}", "custom_id": cid, "error": None,
                            "response": {"status_code": 200, "request_id": f"req_{cid}", "body": body}})  # fmt: skip
            b["output_file_id"] = self._store_file(out)
            b["error_file_id"] = self._store_file(err) if err else None
            b["status"] = "completed"
            done += 1
        return done

    def _store_file(self, rows: list[dict[str, Any]]) -> str:
        fid = f"file-{next(self._fids)}"
        self.files[fid] = "".join(json.dumps(r) + "\n" for r in rows).encode()
        return fid
