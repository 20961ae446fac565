/**
 * Unit tests run without Postgres, Redis or Temporal. Pointing every service variable at a closed port makes a test
 * that needs one fail loudly (connection refused) instead of passing on a machine where the services happen to run.
 */
const UNREACHABLE = {
  DATABASE_URL: 'postgresql://unit@127.0.0.1:1/unit_tests_use_no_database',
  REDIS_URL: 'redis://127.0.0.1:1',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
};

Object.assign(process.env, UNREACHABLE);
