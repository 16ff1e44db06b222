-- wrk script for the load benchmark's POST with a JSON body.
wrk.method = "POST"
wrk.body = '{"name":"bench","n":42}'
wrk.headers["Content-Type"] = "application/json"
