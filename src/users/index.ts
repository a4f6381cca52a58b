export { UserService, UserInputError, OWNER_EMAIL, type User, type ApiKeyInfo } from './user-service.js';
export { AuthError, ForbiddenError } from './errors.js';
