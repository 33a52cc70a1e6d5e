// Everything an integration test or the bench needs from tests/support, in one include.
#pragma once

#include "tests/support/fixtures.h"
#include "tests/support/http_client.h"
#include "tests/support/http_response.h"
#include "tests/support/multipart_body.h"
#include "tests/support/server_process.h"
#include "tests/support/ws_client.h"

