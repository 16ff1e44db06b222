//! A response with the status from `?code=` (default 200).

use route_runtime::{route, Request, Response};

#[route]
pub async fn GET(req: Request) -> Response {
    let sp = req.search_params();
    let code = match sp.get("code").filter(|c| !c.is_empty()) {
        None => 200,
        Some(code) => match code.parse::<u16>() {
            Ok(code @ 200..=599) => code,
            _ => {
                return Response::text(format!(
                    "?code must be a status from 200 to 599, not {code:?}"
                ))
                .status(400)
            }
        },
    };
    // `?text=` (a custom reason phrase) is not supported: HTTP/2 has no
    // reason phrases, and clients must ignore them.
    match code {
        204 | 304 => Response::empty(code),
        _ => Response::text(format!("status {code}")).status(code),
    }
}
