package dev.tidings.transport.http;

import dev.tidings.api.TidingsException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every {@link TidingsException} from a REST call becomes a problem body with its status. */
@Provider
public class TidingsExceptionMapper implements ExceptionMapper<TidingsException> {

    @Override
    public Response toResponse(TidingsException e) {
        Problem problem = Problem.of(e);
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.json());
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"tidings\"");
        }
        return response.build();
    }
}
